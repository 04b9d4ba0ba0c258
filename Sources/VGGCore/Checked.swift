/// Checked size arithmetic: absurd architectures must end in a message, never an overflow trap.
@usableFromInline
enum Checked {
    static func mul(_ values: Int..., what: @autoclosure () -> String) throws(SpecError) -> Int {
        var r = 1
        for v in values {
            let (p, o) = r.multipliedReportingOverflow(by: v)
            if o { throw overflow(what()) }
            r = p
        }
        return r
    }

    static func add(_ a: Int, _ b: Int, what: @autoclosure () -> String) throws(SpecError) -> Int {
        let (s, o) = a.addingReportingOverflow(b)
        if o { throw overflow(what()) }
        return s
    }

    static func overflow(_ what: String) -> SpecError {
        SpecError("\(what) overflows a 64-bit count; use smaller channels, widths or input size")
    }
}
