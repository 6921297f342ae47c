namespace SymDiff.Generators.Emit;

/// <summary>
/// A parameter a generated member adds after the method's own: its C# type, its name and how it is passed
/// (<c>ref</c>, <c>out</c> or by value). The member's printer records the type of each by name (what a split body part
/// declares it as), so it is kept as data rather than parsed back out of the printed signature.
/// </summary>
internal readonly record struct MemberParameter(string Type, string Name, string Modifier = "")
{
    public static MemberParameter Ref(string type, string name) => new(type, name, "ref");

    public static MemberParameter Out(string type, string name) => new(type, name, "out");

    /// <summary>As the signature spells it: <c>ref double dX</c>.</summary>
    public override string ToString() => Modifier.Length == 0 ? $"{Type} {Name}" : $"{Modifier} {Type} {Name}";
}
