/// A strict, bounded JSON reader (RFC 8259) for presets and safetensors headers: it keeps key order, keeps
/// integers apart from reals (`1` is `.int`, `1.0` and `1e0` are `.double`), rejects duplicate keys naming the
/// key, and has a nesting limit and optional limits on document size and array/object items, so a hostile file
/// is refused quickly instead of being built into a huge value first.
public struct JSONParser {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        /// Byte offset of the problem in the document.
        public var offset: Int
        /// The repeated key, for duplicate-key errors.
        public var duplicateKey: String?
        /// Set when an array or object had more than `maxItems` items.
        public var tooManyItems = false
        public var description: String { "\(message) at byte \(offset)" }
    }

    public var maxDepth = SpecLimits.jsonDepth
    /// Items in one array or object; past it the document is refused as it is read.
    public var maxItems = Int.max

    public init(maxDepth: Int = SpecLimits.jsonDepth, maxItems: Int = .max) {
        self.maxDepth = maxDepth
        self.maxItems = maxItems
    }

    public func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        var reader = Reader(bytes: bytes, limits: self)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == bytes.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        let limits: JSONParser
        var at = 0

        init(bytes: [UInt8], limits: JSONParser) {
            self.bytes = bytes
            self.limits = limits
        }

        func fail(_ message: String, key: String? = nil) -> Failure {
            Failure(message: message, offset: at, duplicateKey: key)
        }

        func tooMany(_ what: String) -> Failure {
            var f = fail("more than \(limits.maxItems) \(what)")
            f.tooManyItems = true
            return f
        }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        mutating func expect(_ word: String) throws(Failure) {
            for b in word.utf8 {
                guard at < bytes.count, bytes[at] == b else { throw fail("invalid literal, expected \(word)") }
                at += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> JSON {
            guard at < bytes.count else { throw fail("unexpected end of JSON") }
            switch bytes[at] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSON {
            guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) levels") }
            at += 1
            var fields: [(String, JSON)] = []
            var seen = Set<String>()
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(fields) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let keyOffset = at
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw Failure(message: "duplicate key \"\(TerminalSafe.escape(key))\"", offset: keyOffset, duplicateKey: key)
                }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                at += 1
                skipSpace()
                let v = try value(depth: depth)
                guard fields.count < limits.maxItems else { throw tooMany("fields in an object") }
                fields.append((key, v))
                skipSpace()
                guard at < bytes.count else { throw fail("unterminated object") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(fields) }
                throw fail("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSON {
            guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) levels") }
            at += 1
            var items: [JSON] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                skipSpace()
                let v = try value(depth: depth)
                guard items.count < limits.maxItems else { throw tooMany("items in an array") }
                items.append(v)
                skipSpace()
                guard at < bytes.count else { throw fail("unterminated array") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                throw fail("expected ',' or ']' in an array")
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard at + 4 <= bytes.count else { throw fail("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[at]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw fail("bad hex digit in a \\u escape")
                }
                v = v << 4 | d
                at += 1
            }
            return v
        }

        mutating func string() throws(Failure) -> String {
            at += 1
            var scalars = String.UnicodeScalarView()
            var run = at
            func flush(_ end: Int) throws(Failure) {
                guard run < end else { return }
                // Raw bytes between escapes must be valid UTF-8.
                guard let s = String(validating: bytes[run..<end], as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
                scalars.append(contentsOf: s.unicodeScalars)
            }
            while true {
                guard at < bytes.count else { throw fail("unterminated string") }
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    try flush(at)
                    at += 1
                    return String(scalars)
                }
                if b < 0x20 { throw fail("raw control character in a string (write it as \\u00XX)") }
                if b != UInt8(ascii: "\\") { at += 1; continue }
                try flush(at)
                at += 1
                guard at < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard at + 2 <= bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate in a \\u escape")
                        }
                        at += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in a \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate in a \\u escape") }
                    scalars.append(scalar)
                default: throw fail("unknown escape")
                }
                run = at
            }
        }

        mutating func number() throws(Failure) -> JSON {
            let start = at
            var isInteger = true
            if bytes[at] == UInt8(ascii: "-") { at += 1 }
            func digits() -> Int {
                let s = at
                while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
                return at - s
            }
            guard at < bytes.count else { throw fail("bad number") }
            if bytes[at] == UInt8(ascii: "0") {
                at += 1
            } else if digits() == 0 {
                throw fail("bad number")
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                isInteger = false
                guard digits() > 0 else { throw fail("bad number: digits must follow '.'") }
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                isInteger = false
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                guard digits() > 0 else { throw fail("bad number: digits must follow the exponent") }
            }
            let text = String(decoding: bytes[start..<at], as: UTF8.self)
            if isInteger, let i = Int(text) { return .int(i) }
            guard let d = Double(text) else { throw fail("bad number") }
            return .double(d)
        }
    }
}
