import VGGCore
import VGGKernels

extension ExecutionPlan {
    /// The plan per layer, as `run --plan` prints it: the algorithm and threads of each kernel call, its predicted
    /// time, and the buffers it sizes (fused and view layers say so instead).
    public func table() -> ReportTable {
        var table = ReportTable(columns: [
            .init("layer", .left), .init("kind", .left), .init("runs as", .left), .init("thr"), .init("predicted ms"),
            .init("packed MB"), .init("workspace MB"), .init("output MB"),
        ])
        var stepOf: [Int: Step] = [:]
        for step in steps { stepOf[step.layers.lowerBound] = step }
        func mb(_ bytes: Int) -> String { bytes > 0 ? NumberFormat.fixed(Double(bytes) / 1e6, decimals: 2) : "" }
        for (index, row) in layers.enumerated() {
            guard let step = stepOf[index], row.mode == .kernel else {
                table.rows.append(.init([row.name, row.kind, row.label, "", "", "", "", ""]))
                continue
            }
            table.rows.append(.init([
                row.name, row.kind, row.label, String(step.threads),
                NumberFormat.fixed(step.predictedSeconds * 1000, decimals: 3), mb(step.packedBytes + step.keptWeightBytes),
                mb(4 * (step.workspaceFloats + step.linearWorkspaceFloats)), mb(4 * step.outputCount),
            ]))
        }
        table.rows.append(.init(["total", "", "", "", NumberFormat.fixed(predictedSeconds * 1000, decimals: 3), "", "", ""],
                                isTotal: true))
        return table
    }

    /// What the plan's table shows, in one sentence.
    public static let tableRule = "runs as = the conv algorithm the cost model chose (winograd-f4/-f2, gemm = im2col + packed"
        + " GEMM, gemm-rows = the GEMM with pixels as rows for small maps, stream = weight streaming for tiny maps) or a"
        + " Linear's (stream = W as loaded, gemm-rows = W^T packed once), or the layer it is fused into; predicted ms = the cost model's"
        + " time (compute at the machine's GEMM peak x the algorithm's efficiency, bytes at its bandwidth, call and sync"
        + " overhead); packed = weights in the kernel's layout; 1 MB = 10^6 bytes."
}
