/// One VGG block: an ordered list of convolutions (stride 1, padding k/2, each followed by its
/// ReLU, and BatchNorm when the spec has it) and LRN layers, then MaxPool 2x2 stride 2.
/// `Block(convs: 3, channels: 256)` is the classic block of three 3x3 convs; the paper's C adds
/// a 1x1 (`2x256+1x256k1` in `Notation`), its A-LRN an LRN after the first conv (`1x64+lrn`).
public struct Block: Hashable, Sendable {
    public var layers: [BlockLayer] {
        didSet { if let w = layers.lastConvWidth { emptyWidth = w } }
    }
    /// Width a conv gets when added to a block that has none, so `convs = 0` then `convs = 1` keeps it.
    private var emptyWidth: Int
    /// A conv count no layer list can hold (negative, or above `maxConvs`), kept so validation names it.
    private var unstorableConvs: Int?

    /// More convolutions than this in one block are rejected before any list is built (the harden branch's
    /// SpecLimits.convsPerBlock is the same 256: one limit, one message).
    public static let maxConvs = SpecLimits.convsPerBlock

    public init(convs: Int, channels: Int) {
        layers = []
        emptyWidth = channels
        self.convs = convs
    }

    public init(layers: [BlockLayer]) {
        self.layers = layers
        emptyWidth = layers.lastConvWidth ?? 64
    }

    /// Number of convolutions. Setting it adds 3x3 convs of the block's width at the end, or removes
    /// convs from the end (LRN layers stay).
    public var convs: Int {
        get { unstorableConvs ?? layers.count { if case .conv = $0 { true } else { false } } }
        set {
            guard newValue >= 0, newValue <= Self.maxConvs else {
                unstorableConvs = newValue
                return
            }
            unstorableConvs = nil
            var have = layers.count { if case .conv = $0 { true } else { false } }
            let width = channels
            while have < newValue {
                layers.append(.conv(kernel: 3, channels: width))
                have += 1
            }
            while have > newValue, let last = layers.lastIndex(where: { if case .conv = $0 { true } else { false } }) {
                layers.remove(at: last)
                have -= 1
            }
        }
    }

    /// The block's output width (its last conv's). Setting it sets every conv's width.
    public var channels: Int {
        get { layers.lastConvWidth ?? emptyWidth }
        set {
            emptyWidth = newValue
            layers = layers.map { if case .conv(let k, _) = $0 { .conv(kernel: k, channels: newValue) } else { $0 } }
        }
    }

    /// Kernel sizes of the convs, in order.
    public var kernels: [Int] {
        layers.compactMap { if case .conv(let k, _) = $0 { k } else { nil } }
    }

    /// Only 3x3 convs of one width, no LRN: what `[convs, channels]` and `NxC` can say.
    public var isPlain: Bool {
        unstorableConvs == nil && !layers.isEmpty
            && layers.allSatisfy { if case .conv(3, let c) = $0 { c == channels } else { false } }
    }

    /// Receptive field of the block's conv stack alone (stride 1): 1 + sum of (k - 1).
    public var stackField: Int {
        kernels.reduce(1) { $0 &+ ($1 &- 1) }
    }

    /// Conv count that could not be stored, for validation's message.
    var invalidConvCount: Int? { unstorableConvs }

    public static func == (a: Block, b: Block) -> Bool {
        a.layers == b.layers && a.unstorableConvs == b.unstorableConvs
            && (a.layers.lastConvWidth != nil || a.emptyWidth == b.emptyWidth)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(layers)
        hasher.combine(unstorableConvs)
        if layers.lastConvWidth == nil { hasher.combine(emptyWidth) }
    }
}

/// A layer a block can hold.
public enum BlockLayer: Hashable, Sendable {
    /// kernel x kernel, stride 1, padding kernel / 2 (so odd kernels keep the map size), then ReLU.
    case conv(kernel: Int, channels: Int)
    /// Local Response Normalisation, placed after the ReLU of the conv before it.
    case lrn(LRN)
}

/// PyTorch's `nn.LocalResponseNorm(size, alpha, beta, k)`.
public struct LRN: Hashable, Sendable {
    public var size: Int
    public var alpha: Double
    public var beta: Double
    public var k: Double
    public init(size: Int = 5, alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 2.0) {
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
    }
    /// The paper's (and AlexNet's) setting: size 5, alpha 1e-4, beta 0.75, k 2.
    public static let paper = LRN()

    var op: LayerOp { .localResponseNorm(size: size, alpha: alpha, beta: beta, k: k) }
}

extension [BlockLayer] {
    var lastConvWidth: Int? {
        for layer in reversed() { if case .conv(_, let c) = layer { return c } }
        return nil
    }
}
