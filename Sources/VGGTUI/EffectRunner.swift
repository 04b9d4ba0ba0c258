import Foundation
import VGGCore

/// Performs effects off the reducer: runs go to a background thread, files are written
/// atomically; every outcome is posted as an action that the event loop drains each frame.
public final class EffectRunner: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Action] = []
    private var cancelled: Set<Int> = []
    private let forwardPass: (any ForwardPassRunning)?
    /// Seconds on a monotonic clock; passed in so progress throttling is testable.
    private let clock: @Sendable () -> Double
    private let queue = DispatchQueue(label: "vggscope.run", qos: .userInitiated)

    public init(forwardPass: (any ForwardPassRunning)?, clock: @escaping @Sendable () -> Double = EffectRunner.monotonicSeconds) {
        self.forwardPass = forwardPass
        self.clock = clock
    }

    public static let monotonicSeconds: @Sendable () -> Double = {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// Actions posted since the last call, in order.
    public func drain() -> [Action] {
        lock.lock()
        defer { lock.unlock() }
        let out = pending
        pending = []
        return out
    }

    public func post(_ action: Action) {
        lock.lock()
        pending.append(action)
        lock.unlock()
    }

    private func isCancelled(_ id: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled.contains(id)
    }

    public func perform(_ effects: [Effect]) {
        // An export's picture and markdown are checked together first, so a refused path leaves no file behind.
        let writes = effects.compactMap { effect -> FileWrite? in if case .write(let w) = effect { w } else { nil } }
        if writes.count > 1 {
            for write in writes where !write.createsDirectory {
                do throws(AtomicFile.WriteError) { try AtomicFile.check(write.path) } catch {
                    for refused in writes { post(.fileFailed(refused, message: error.message)) }
                    for effect in effects { if case .write = effect {} else { perform(effect) } }
                    return
                }
            }
        }
        for effect in effects { perform(effect) }
    }

    public func perform(_ effect: Effect) {
        switch effect {
        case .startRun(let request):
            start(request)
        case .cancelRun(let id):
            lock.lock()
            cancelled.insert(id)
            lock.unlock()
        case .write(var write):
            if write.createsDirectory, let failure = makeDirectory(of: write.path) {
                post(.fileFailed(write, message: failure))
                return
            }
            do {
                try AtomicFile.write(write.contents, to: write.path)
                write.fullPath = URL(fileURLWithPath: write.path).standardizedFileURL.path
                post(.fileWritten(write))
            } catch {
                post(.fileFailed(write, message: error.message))
            }
        case .scanPresets(let directory):
            post(.presetsScanned(Self.presetChoices(directory: directory)))
        case .loadPreset(let path):
            do throws(SpecError) {
                post(.presetLoaded(path: path, try Presets.file(path)))
            } catch {
                post(.presetLoadFailed(path: path, message: error.message))
            }
        }
    }

    /// Built-in presets followed by the JSON files of `directory` (the chooser's list), each with
    /// its block summary. Reads files: only the runner (and the executable, before the first frame) calls it.
    public static func presetChoices(directory: String) -> [PresetChoice] {
        AppState.builtInChoices + Presets.files(in: directory).map { path in
            do throws(SpecError) {
                return PresetChoice(label: path, source: .file(path), detail: PresetChoice.detail(try Presets.file(path)))
            } catch {
                return PresetChoice(label: path, source: .file(path), detail: "unreadable: \(error.message)")
            }
        }
    }

    /// Creates the one missing directory a save names (`presets/`), not a whole missing tree.
    /// Returns why it failed, or nil.
    private func makeDirectory(of path: String) -> String? {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.fileExists(atPath: directory) else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            return nil
        } catch {
            return "cannot create \(directory): \((error as NSError).localizedDescription); create it or choose another path"
        }
    }

    private func start(_ request: RunRequest) {
        guard let forwardPass else {
            post(.runFailed(id: request.id, .other("no forward-pass engine in this build")))
            return
        }
        let clock = self.clock
        queue.async { [self] in
            let id = request.id
            // At most ~30 progress actions a second: the screen redraws at about that rate anyway.
            let last = LockedValue(-1.0)
            do throws(RunFailure) {
                let result = try forwardPass.run(request.spec, progress: { [self] done, total, name in
                    let now = clock()
                    guard done == total || now - last.value >= 0.03 else { return }
                    last.value = now
                    post(.runProgress(id: id, completed: done, total: total, layer: name))
                }, isCancelled: { [self] in isCancelled(id) })
                post(isCancelled(id) ? .runCancelled(id: id) : .runFinished(id: id, result))
            } catch {
                post(error == .cancelled || isCancelled(id) ? .runCancelled(id: id) : .runFailed(id: id, error))
            }
        }
    }
}

/// A value shared between a worker's callbacks.
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
