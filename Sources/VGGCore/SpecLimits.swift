/// Upper bounds on everything a spec, preset file or flag can ask for, checked before any work so an absurd
/// value is refused in microseconds with the limit in the message, instead of hanging, allocating gigabytes or
/// trapping. Each bound is far beyond any VGG (VGG-19: 4 convs per block, 512 channels, 4096-wide classifier,
/// 1000 classes) yet small enough that every count stays well inside 64 bits and the lowering stays instant.
public enum SpecLimits {
    /// Each block's pool halves the map, so a 2^30-pixel side is needed for 30 blocks anyway.
    public static let blocks = 30
    /// 256 x 30 blocks = 7,680 conv layers: lowering and the TUI's layer list stay instant.
    public static let convsPerBlock = 256
    /// Layers in one block, convs and LRNs together: each conv may have its LRN, and no more (an LRN-only
    /// run of 100,000 groups took 15 s to summarise).
    public static let layersPerBlock = 2 * convsPerBlock
    /// Conv channels per block and input channels: 128x VGG's widest layer.
    public static let channels = 65_536
    /// Input height and width (pixels); also an adaptive pool's output side.
    public static let inputSide = 65_536
    /// Kernel sides, strides and padding of convs and pools, and LRN sizes (AlexNet's largest is 11): past this a
    /// window only multiplies zeros or skips whole maps, and k^2 x channels^2 stays far inside 64 bits.
    public static let window = 1_024
    /// Images per pass (`--input N…`, `--batch`).
    public static let batch = 65_536
    /// Hidden classifier widths (VGG: 4096).
    public static let classifierWidth = 1 << 20
    /// Hidden classifier layers (VGG: 2).
    public static let classifierLayers = 64
    /// Output classes (ImageNet-21k has 21,841).
    public static let classes = 1 << 20
    /// Preset files are a few hundred bytes; this leaves room for any hand-written one.
    public static let presetFileBytes = 1 << 20
    /// Nesting depth of a JSON document we parse (presets need 3).
    public static let jsonDepth = 64

    /// `bench --repeat` and `--warmup`: enough for stable medians, not enough to look like a hang.
    public static let benchRepeats = 10_000
    public static let benchWarmup = 1_000

    /// Worker threads: at least 256 (enough to plan for a large server on a small machine), or 4x this machine's
    /// cores. Each worker slot gets its own packing and workspace buffers, so a million threads would ask for
    /// hundreds of GB; past 4x the cores extra threads only add contention.
    public static func threads(cores: Int) -> Int { max(256, 4 &* max(cores, 1)) }

    /// A `--threads` value: at least 1, at most `threads(cores:)`; the message names the flag and the limit.
    public static func checkThreads(_ n: Int, cores: Int, flag: String = "--threads") throws(SpecError) {
        let cap = threads(cores: cores)
        if n < 1 { throw SpecError("\(flag) must be at least 1, got \(n)") }
        if n > cap { throw SpecError("\(flag) must be at most \(cap) (256 or 4x the \(cores) cores, whichever is more), got \(n)") }
    }

    /// A `--batch` value, checked before any model is built.
    public static func checkBatch(_ n: Int, flag: String = "--batch") throws(SpecError) {
        if n < 1 { throw SpecError("\(flag) must be at least 1, got \(n)", at: .input) }
        if n > batch { throw SpecError("\(flag) must be at most \(batch), got \(n)", at: .input) }
    }
}
