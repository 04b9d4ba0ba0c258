// WinogradF4x3: placeholder until the transform kernels land; never constructed yet.
final class WinogradF4x3 {
    let floats = 0
    init(weights: UnsafePointer<Float>, outChannels: Int, inChannels: Int) { fatalError("not yet") }
    func workspaceCount(batch: Int, height: Int, width: Int, workers: Int) -> Int { 0 }
    func forward(input: UnsafePointer<Float>, batch: Int, height: Int, width: Int, bias: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, relu: Bool, workspace: UnsafeMutablePointer<Float>,
                 workers: Int, pool: ThreadPool) {}
}
