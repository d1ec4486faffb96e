/// Facts about this build of the library.
public enum TandemInfo {
    /// The library's version, written into the workbook's About sheet.
    public static let version = "0.1.0"
}
