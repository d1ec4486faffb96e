/// Names (metric, team and segment names) interned by their UTF-8 bytes, so that a row's name is
/// looked up without first being made into a `String` and hashed with the standard library's
/// seeded hasher. A million-row export repeats a handful of names a million times; each distinct
/// name becomes a `String` once.
struct NameTable {
    /// The names, by number.
    private(set) var names: [String] = []
    /// Every name's bytes, one after the other; name `i` is `bytes[ends[i - 1]..<ends[i]]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Name numbers by hash slot, -1 for an empty slot; a power of two, at least twice the names.
    private var slots = [Int32](repeating: -1, count: 64)

    init() {}

    /// A table holding `names`, numbered in their order (a repeated name keeps its first number).
    init(_ names: [String]) {
        for name in names { _ = intern(name) }
    }

    var count: Int { names.count }

    /// The number of the name spelled by `name`, if it is in the table.
    func index(of name: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { return nil }
            if hashes[Int(entry)] == h && same(Int(entry), name) { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// The number of `name`, added to the table if it is new.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(name)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == h && same(Int(entry), name) { return entry }
            slot = (slot + 1) & mask
        }
        let number = Int32(names.count)
        names.append(String(decoding: name, as: UTF8.self))
        bytes.append(contentsOf: name)
        ends.append(bytes.count)
        hashes.append(h)
        if 2 * names.count > slots.count {
            grow()  // places every name, the new one too
        } else {
            slots[slot] = number
        }
        return number
    }

    /// The number of `name`, added to the table if it is new.
    mutating func intern(_ name: String) -> Int32 {
        var name = name
        return name.withUTF8 { intern($0) }
    }

    /// The number of `name`, if it is in the table.
    func index(of name: String) -> Int32? {
        withUTF8Bytes(name) { index(of: $0) }
    }

    private func same(_ entry: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : ends[entry - 1]
        guard ends[entry] - start == name.count else { return false }
        for (i, byte) in name.enumerated() where bytes[start + i] != byte { return false }
        return true
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i)
        }
    }

    /// FNV-1a over the bytes, then a multiply-xorshift so the low bits that pick a slot mix all of
    /// them.
    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}

/// Where each name stands in a list of names (a plan's metric or team ids), looked up by the
/// name's bytes or by a `String`; of repeated names the first position wins, as
/// `Dictionary(…) { first, _ in first }` keeps it.
struct NamePositions {
    private var table = NameTable()
    /// The list position of each name number.
    private var positions: [Int] = []

    init(_ names: [String]) {
        for (i, name) in names.enumerated() where table.intern(name) == positions.count { positions.append(i) }
    }

    /// The position of the name spelled by `name`, if the list has it.
    func position(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        table.index(of: name).map { positions[Int($0)] }
    }

    /// The position of `name`, if the list has it.
    func position(of name: String) -> Int? {
        table.index(of: name).map { positions[Int($0)] }
    }
}

/// `body` over the UTF-8 bytes of `s`, in place when the string is native (as Tandem's are).
func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    return Array(s.utf8).withUnsafeBufferPointer(body)
}
