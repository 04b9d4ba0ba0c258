/// The one place the version lives: `vggscope --version`, the export footer and the diagram caption read it.
public enum Version {
    public static let current = "0.9.0"
}
