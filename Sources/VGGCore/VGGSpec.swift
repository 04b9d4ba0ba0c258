/// A VGG architecture as the user describes it: the input, the block list and the classifier.
/// Pure value; `ModelSummary` lowers it to layers and facts.
public struct VGGSpec: Equatable, Hashable, Sendable {
    public var name: String
    public var input: InputShape
    public var blocks: [Block]
    public var batchNorm: Bool
    public var head: Head
    /// Hidden widths of the classifier; the final Linear to `classes` is implied.
    public var classifier: [Int]
    public var dropout: Double
    public var classes: Int

    public init(name: String = "custom", input: InputShape = InputShape(channels: 3, height: 224, width: 224),
                blocks: [Block], batchNorm: Bool = false, head: Head = .avgpool7,
                classifier: [Int] = [4096, 4096], dropout: Double = 0.5, classes: Int = 1000) {
        self.name = name
        self.input = input
        self.blocks = blocks
        self.batchNorm = batchNorm
        self.head = head
        self.classifier = classifier
        self.dropout = dropout
        self.classes = classes
    }
}

/// `convs` 3x3 convolutions (padding 1) with ReLU, then MaxPool 2x2 stride 2.
public struct Block: Equatable, Hashable, Sendable {
    public var convs: Int
    public var channels: Int
    public init(convs: Int, channels: Int) {
        self.convs = convs
        self.channels = channels
    }
}

/// N x C x H x W of the network input.
public struct InputShape: Equatable, Hashable, Sendable {
    public var batch: Int
    public var channels: Int
    public var height: Int
    public var width: Int
    public init(batch: Int = 1, channels: Int, height: Int, width: Int) {
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
    }
    public var dims: [Int] { [batch, channels, height, width] }
}

/// What sits between the last block and the classifier.
public enum Head: String, CaseIterable, Equatable, Hashable, Sendable {
    /// torchvision: AdaptiveAvgPool2d((7, 7)), so the classifier input is always 512*7*7-like.
    case avgpool7
    /// d2l.ai: Flatten straight into the classifier; its input size follows the image size.
    case flatten
}
