#if canImport(Glibc)
import Glibc
#endif

/// Returns freed heap pages to the OS. glibc keeps freed chunks below its (self-raising) mmap threshold on
/// the heap, so the per-layer conv staging buffers would otherwise stay resident next to ~500 MB of Linear
/// weights: about 11 MB of VGG-16's peak. Looked up at run time because `malloc_trim` is glibc-only.
enum HeapTrim {
    static func releaseFreedMemory() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
