/// This machine's ceilings for the roofline: GEMM peak and memory bandwidth. A plain value here so the views
/// that show it need no runtime; VGGRuntime measures it (`MachinePeaks.measure`).
public struct MachinePeaks: Equatable, Sendable {
    public var gemmGFLOPs: Double
    public var bandwidthGBs: Double

    public init(gemmGFLOPs: Double, bandwidthGBs: Double) {
        self.gemmGFLOPs = gemmGFLOPs
        self.bandwidthGBs = bandwidthGBs
    }
}
