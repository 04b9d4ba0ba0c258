// Prefetch: a software prefetch hint (prefetcht0 on x86). Never faults, so an address just past a buffer is harmless.
// Used where the access pattern jumps between planes faster than the hardware prefetcher locks on.

@_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)

@inline(__always)
func prefetch(_ p: UnsafePointer<Float>) {
    llvmPrefetch(UnsafeRawPointer(p), 0, 3, 1)
}

/// A write hint: prefetchw (line arrives exclusive, no read-for-ownership later) where the target has PRFCHW; the
/// haswell build has no PRFCHW, so LLVM emits prefetcht0 there, which still starts the line's fetch early.
@inline(__always)
func prefetchForWrite(_ p: UnsafeMutablePointer<Float>) {
    llvmPrefetch(UnsafeRawPointer(p), 1, 3, 1)
}
