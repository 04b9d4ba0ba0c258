/// Checked size arithmetic, the one helper for every target: absurd sizes must end in a message, never an overflow
/// trap. Each caller throws its own typed error: the core's spec checks a SpecError (the default overloads), the runtime
/// `RuntimeError.sizeOverflow`, the file readers their format's error (`orThrow:`).
public enum Checked {
    /// The product of `values`, or nil when it overflows Int.
    public static func product(_ values: [Int]) -> Int? {
        var r = 1
        for v in values {
            let (p, o) = r.multipliedReportingOverflow(by: v)
            if o { return nil }
            r = p
        }
        return r
    }

    /// The sum of `values`, or nil when it overflows Int.
    public static func sum(_ values: [Int]) -> Int? {
        var r = 0
        for v in values {
            let (s, o) = r.addingReportingOverflow(v)
            if o { return nil }
            r = s
        }
        return r
    }

    public static func mul<E: Error>(_ values: Int..., what: @autoclosure () -> String,
                                     orThrow error: (String) -> E) throws(E) -> Int {
        guard let r = product(values) else { throw error(what()) }
        return r
    }

    public static func add<E: Error>(_ values: Int..., what: @autoclosure () -> String,
                                     orThrow error: (String) -> E) throws(E) -> Int {
        guard let r = sum(values) else { throw error(what()) }
        return r
    }

    public static func mul(_ values: Int..., what: @autoclosure () -> String) throws(SpecError) -> Int {
        guard let r = product(values) else { throw overflow(what()) }
        return r
    }

    public static func add(_ values: Int..., what: @autoclosure () -> String) throws(SpecError) -> Int {
        guard let r = sum(values) else { throw overflow(what()) }
        return r
    }

    /// The spec-level message: sizes come from the user's architecture, so the fix is a smaller one.
    public static func overflow(_ what: String) -> SpecError {
        SpecError("\(what) overflows a 64-bit count; use smaller channels, widths or input size")
    }
}
