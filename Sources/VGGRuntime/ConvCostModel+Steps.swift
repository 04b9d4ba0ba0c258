import Foundation
import VGGKernels

// The cost model's predictions for the steps that are not convolutions: memory passes (pools, ReLU, BatchNorm, LRN's
// reads) and Linears, whose method it also picks.

extension ConvCostModel {
    /// A step that streams `bytes` through memory once (pools, ReLU, BatchNorm, LRN's reads).
    func streaming(bytes: Int, threads: Int) -> Double {
        let cores = Double(min(max(threads, 1), machine.cores))
        return Double(bytes) / (machine.bandwidthGBs * 1e9 * (cores >= 2 ? 1 : 0.9) * Self.memoryEfficiency) + Self.callSeconds
    }

    /// The cheaper LinearKernel method for this size, and its predicted seconds.
    /// Up to LinearKernel.streamBatchMax rows only `stream` is offered: its kernels read W as loaded at the memory's
    /// rate, where gemm-rows' 6-row panels would be mostly empty and its packed copy of W a second one to hold.
    func linearMethod(inFeatures: Int, outFeatures: Int, batch: Int, threads: Int) -> (method: LinearMethod, seconds: Double) {
        let stream = linear(inFeatures: inFeatures, outFeatures: outFeatures, batch: batch, threads: threads)
        if batch <= LinearKernel.streamBatchMax { return (.stream, stream) }
        let rows = linearRows(inFeatures: inFeatures, outFeatures: outFeatures, batch: batch, threads: threads)
        return rows < stream ? (.gemmRows, rows) : (.stream, stream)
    }

    /// LinearKernel .gemmRows: the batch in 6-row panels times the out features in 32-column units (full tiles), W^T
    /// packed once so it streams once; the rows are packed per call (a second parallel region).
    func linearRows(inFeatures: Int, outFeatures: Int, batch: Int, threads: Int) -> Double {
        let cores = Double(min(max(threads, 1), machine.cores))
        let rows = ceil(Double(batch) / 6) * 6, cols = ceil(Double(outFeatures) / 32) * 32, depth = Double(inFeatures)
        let peak = machine.gemmGFLOPsPerCore * 1e9 * cores
        let depthEff = min(1, depth / (depth + Self.gemmDepthHalf))
        // The packed GEMM's rate: the rows are a contiguous copy and the result a row-major store (the conv's lower
        // gemm-rows figure pays its im2col gather and NCHW transpose).
        let compute = 2 * rows * cols * depth / (peak * Self.gemmEfficiency * depthEff)
            + rows * depth / (Self.transformFloatsPerSecond * cores)
        let memory = 4 * cols * depth / (machine.bandwidthGBs * 1e9 * (cores >= 2 ? 1 : 0.9) * Self.memoryEfficiency)
        return max(memory, compute) + 0.2 * min(memory, compute) + Self.callSeconds + (cores > 1 ? 2 * Self.syncSeconds : 0)
    }

    /// LinearKernel .stream: up to 32 rows it streams W once (bandwidth bound, SIMD8 tiles); above, the GEMM that
    /// packs W^T per call.
    func linear(inFeatures: Int, outFeatures: Int, batch: Int, threads: Int) -> Double {
        let cores = Double(min(max(threads, 1), machine.cores))
        let flops = 2 * Double(batch) * Double(inFeatures) * Double(outFeatures)
        let peak = machine.gemmGFLOPsPerCore * 1e9 * cores
        let weights = 4 * Double(inFeatures) * Double(outFeatures)
        let memory = weights / (machine.bandwidthGBs * 1e9 * (cores >= 2 ? 1 : 0.9) * Self.memoryEfficiency)
        // Above 32 rows the GEMM packs W^T into B panels on every call (a strided gather of all of W).
        let compute = batch <= 32 ? flops / (peak * Self.streamEfficiency)
            : flops / (peak * Self.gemmEfficiency) + Double(inFeatures) * Double(outFeatures) / (Self.transformFloatsPerSecond * cores)
        return max(memory, compute) + Self.callSeconds + (cores > 1 ? Self.syncSeconds : 0)
    }
}
