/// Overflow-checked size arithmetic for buffer and memory sizes.
enum SizeMath {
    static func mul(_ values: Int..., what: @autoclosure () -> String) throws(RuntimeError) -> Int {
        var product = 1
        for v in values {
            let (p, overflow) = product.multipliedReportingOverflow(by: v)
            guard !overflow else { throw RuntimeError.sizeOverflow(what()) }
            product = p
        }
        return product
    }

    static func add(_ values: Int..., what: @autoclosure () -> String) throws(RuntimeError) -> Int {
        var sum = 0
        for v in values {
            let (s, overflow) = sum.addingReportingOverflow(v)
            guard !overflow else { throw RuntimeError.sizeOverflow(what()) }
            sum = s
        }
        return sum
    }
}
