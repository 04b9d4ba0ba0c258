import VGGCore
@testable import VGGTUI

/// A state on VGG-11 at the given size, as `vggscope` opens.
func vgg11State(width: Int = 100, height: Int = 30) -> AppState {
    try! AppState(spec: .vgg11, origin: .preset("vgg11"), width: width, height: height)
}

/// Feeds keys through the reducer; returns the final state and every effect emitted.
@discardableResult
func press(_ state: inout AppState, _ keys: [Key]) -> [Effect] {
    var effects: [Effect] = []
    for key in keys {
        let (next, e) = Reducer.reduce(state, .key(key))
        state = next
        effects += e
    }
    return effects
}

@discardableResult
func press(_ state: inout AppState, _ keys: Key...) -> [Effect] { press(&state, keys) }

@discardableResult
func send(_ state: inout AppState, _ action: Action) -> [Effect] {
    let (next, effects) = Reducer.reduce(state, action)
    state = next
    return effects
}

/// Replaces the prompt's text: Ctrl-U clears it, then the characters are typed.
func typeIntoPrompt(_ state: inout AppState, _ text: String) {
    press(&state, [.ctrl("u")] + Key.typed(text))
}
