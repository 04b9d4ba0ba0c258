/// Everything a key can ask for. The keymap binds keys to these; the reducer interprets them.
public enum Command: Hashable, Sendable, CaseIterable {
    case selectPrevious, selectNext, focusNext, focusPrevious
    case scrollUp, scrollDown, pageUp, pageDown, scrollTop, scrollBottom
    case addConv, removeConv, doubleChannels, halveChannels, doubleAllChannels, halveAllChannels
    case editBlock, insertBlock, deleteBlock, whatIf
    case undo, redo
    case editInput, editClassifier, editClasses
    case toggleBatchNorm, toggleHead, choosePreset
    case toggleChart, cycleCounter, counters, cycleColumns, foldBlocks, compare, compareAlexNet, run, runAll, back
    case export, save
    case help, quit, forceQuit
}
