/// The paper's six configurations (Simonyan & Zisserman 2014, Table 1) and the two AlexNets
/// VGG is read against.
extension Presets {
    /// Table 1's columns. 224x224 RGB input; FC-4096, FC-4096, FC-1000. They keep torchvision's
    /// AdaptiveAvgPool2d(7x7) head: at 224 the last map is already 7x7, so it is the identity, the
    /// parameters are Table 2's (133, 133, 133, 134, 138, 144 M), and A, B, D, E are exactly
    /// torchvision's vgg11/13/16/19 modules (their weights load); at other sizes the classifier
    /// stays 25088-wide as in torchvision.
    static let paper: [VGGSpec] = {
        func b(_ text: String) -> [Block] { try! Notation.blocks(text) }
        return [
            ("vgg-a", "1x64,1x128,2x256,2x512,2x512"),
            ("vgg-a-lrn", "1x64+lrn,1x128,2x256,2x512,2x512"),
            ("vgg-b", "2x64,2x128,2x256,2x512,2x512"),
            ("vgg-c", "2x64,2x128,2x256+1x256k1,2x512+1x512k1,2x512+1x512k1"),
            ("vgg-d", "2x64,2x128,3x256,3x512,3x512"),
            ("vgg-e", "2x64,2x128,4x256,4x512,4x512"),
        ].map { VGGSpec(name: $0.0, blocks: b($0.1)) }
    }()

    /// torchvision's `alexnet()` (61,100,840 params), with its `torch.flatten` shown as a Flatten
    /// layer as the VGG presets show theirs.
    static let alexnet = VGGSpec(name: "alexnet", input: InputShape(channels: 3, height: 224, width: 224), layers: [
        .conv(channels: 64, kernel: 11, stride: 4, padding: 2), .relu, .maxPool(kernel: 3, stride: 2),
        .conv(channels: 192, kernel: 5, stride: 1, padding: 2), .relu, .maxPool(kernel: 3, stride: 2),
        .conv(channels: 384, kernel: 3, stride: 1, padding: 1), .relu,
        .conv(channels: 256, kernel: 3, stride: 1, padding: 1), .relu,
        .conv(channels: 256, kernel: 3, stride: 1, padding: 1), .relu, .maxPool(kernel: 3, stride: 2),
        .adaptiveAvgPool(height: 6, width: 6), .flatten,
        .dropout(0.5), .linear(4096), .relu, .dropout(0.5), .linear(4096), .relu, .linear(1000),
    ], naming: .torchvision)

    /// d2l.ai's AlexNet (chapter 8.1): one `nn.Sequential` (`net.{i}`), 1x224x224 Fashion-MNIST
    /// input, 96 11x11/4 convs with padding 1, no LRN, 6400 -> 4096 -> 4096 -> 10.
    static let d2lAlexNet = VGGSpec(name: "d2l-alexnet", input: InputShape(channels: 1, height: 224, width: 224), layers: [
        .conv(channels: 96, kernel: 11, stride: 4, padding: 1), .relu, .maxPool(kernel: 3, stride: 2),
        .conv(channels: 256, kernel: 5, stride: 1, padding: 2), .relu, .maxPool(kernel: 3, stride: 2),
        .conv(channels: 384, kernel: 3, stride: 1, padding: 1), .relu,
        .conv(channels: 384, kernel: 3, stride: 1, padding: 1), .relu,
        .conv(channels: 256, kernel: 3, stride: 1, padding: 1), .relu, .maxPool(kernel: 3, stride: 2),
        .flatten, .linear(4096), .relu, .dropout(0.5), .linear(4096), .relu, .dropout(0.5), .linear(10),
    ], naming: .net)
}
