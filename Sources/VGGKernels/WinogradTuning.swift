// WinogradTuning: knobs for kernel-bench's paired A/B runs (`tpb`), not API: they sit behind @_spi(Tuning).
// Set them only between forward calls, and size the workspace while they hold the values used (workspaceCount
// reads tilesOverride and mFloats).

@_spi(Tuning)
public enum WinogradTuning {
    /// When set (a multiple of 16), replaces the tile-block cap of tilesPerBlock.
    nonisolated(unsafe) public static var tilesOverride: Int? = nil
    /// Restores the old AVX-512 multiply of a block's partial last panel (8/16 columns on the AVX2 kernel).
    nonisolated(unsafe) public static var narrowLastPanel = false
    /// When set, replaces rowsPerPass's M budget (floats).
    nonisolated(unsafe) public static var mFloats: Int? = nil
    /// Floats of padding between V[e] slices (see Plan.vE).
    nonisolated(unsafe) public static var vPad = 16
    /// Input planes ahead that the input transform prefetches (0: off).
    nonisolated(unsafe) public static var prefetchIn = 1
    /// Output planes ahead that the output transform prefetches for writing (0: off).
    nonisolated(unsafe) public static var prefetchOut = 1
    /// AVX-512 multiply: two A panels per 12x32 tile (false: 6x32 tiles).
    nonisolated(unsafe) public static var pairRows = true
}
