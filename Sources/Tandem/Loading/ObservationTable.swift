/// The identities of the observations loaded so far, in the order first seen, with where each was
/// read, and an open-addressing index over them.
///
/// Loading checks every value against this table (a million rows make a million lookups), so it is
/// built for that: the key is four integers hashed with one multiply, not the standard library's
/// seeded SipHash over a `Hashable` struct, and entry `i` is observation `i` of the sink, so no
/// index is stored twice. Iteration is in insertion order, which keeps messages reproducible.
struct ObservationTable {
    /// An observation's identity, compact: the segment is interned as a number, a missing team or
    /// segment is -1.
    struct Key: Equatable {
        var period: Int32
        var metric: Int32
        var team: Int32
        var segment: Int32

        /// A row without a team or without a segment: one that may total others.
        var isGeneral: Bool { team < 0 || segment < 0 }

        fileprivate var hash: UInt64 {
            let a = UInt64(UInt32(bitPattern: period)) << 32 | UInt64(UInt32(bitPattern: metric))
            let b = UInt64(UInt32(bitPattern: team)) << 32 | UInt64(UInt32(bitPattern: segment))
            // Multiply-xorshift (the finaliser of MurmurHash3): every input bit reaches the low
            // bits that pick the slot.
            var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ b
            h ^= h >> 33
            h &*= 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
            h &*= 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 33
            return h
        }
    }

    /// Where an observation was first seen: file (by number) and line.
    struct Place {
        var line: Int32
        var file: Int32
    }

    /// The keys, in the order first seen.
    private(set) var keys: [Key] = []
    /// Where each key was first seen, in the same order.
    private(set) var places: [Place] = []
    /// How many keys lack a team or a segment.
    private(set) var generalCount = 0
    /// By hash slot: 0 for an empty slot, else the key's hash in the high 32 bits and its entry
    /// number plus one in the low 32, so a probe rarely reads a key it does not want. The count
    /// is a power of two, at least twice the number of keys.
    private var slots: [UInt64] = []

    var count: Int { keys.count }

    /// Makes room for `count` keys. The slot table (written through, so resident) is sized ahead
    /// for at most two million keys; past that it doubles as keys come, so an estimate from a
    /// huge file that then fails early costs no memory.
    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        places.reserveCapacity(count)
        let ahead = Swift.min(count, 1 << 21)
        if slots.count < 2 * ahead { rehash(to: ahead) }
    }

    /// The entry number of `key`, if it was inserted.
    func index(of key: Key) -> Int? {
        guard !slots.isEmpty else { return nil }
        return probe(key, key.hash).entry
    }

    /// Inserts `key` first seen at `place`, or returns the entry number it already has.
    mutating func insert(_ key: Key, at place: Place) -> (index: Int, inserted: Bool) {
        if slots.count < 2 * (keys.count + 1) { rehash(to: Swift.max(keys.count * 2, 1024)) }
        let h = key.hash
        let (entry, slot) = probe(key, h)
        if let entry { return (entry, false) }
        keys.append(key)
        places.append(place)
        slots[slot] = (h & Self.tagMask) | UInt64(keys.count)
        if key.isGeneral { generalCount += 1 }
        return (keys.count - 1, true)
    }

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

    /// Linear probing from `key`'s slot (`h` is its hash): its entry number, or the empty slot
    /// where it would go.
    @inline(__always)
    private func probe(_ key: Key, _ h: UInt64) -> (entry: Int?, slot: Int) {
        let tag = h & Self.tagMask
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { return (nil, slot) }
            if s & Self.tagMask == tag, keys[Int(s & 0xFFFF_FFFF) - 1] == key {
                return (Int(s & 0xFFFF_FFFF) - 1, slot)
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rehash(to capacity: Int) {
        var size = 1024
        while size < 2 * capacity { size <<= 1 }
        guard size > slots.count else { return }
        slots = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for (i, key) in keys.enumerated() {
            let h = key.hash
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (h & Self.tagMask) | UInt64(i + 1)
        }
    }
}
