using System.Globalization;

namespace SymDiff.Generators.Formulas;

/// <summary>
/// A coefficient of the doc formulas: a numerator over a denominator, reduced when both are integers, so that
/// x/3 stays x/3 (not 0.3333333333333333·x) and 7·(1/7) is exactly 1.
/// </summary>
internal readonly struct Ratio : IEquatable<Ratio>
{
    /// <summary>The largest integer a double holds exactly; larger ones are not reduced.</summary>
    private const double MaxExact = 9007199254740992;

    public Ratio(double num, double den)
    {
        if (den < 0)
        {
            (num, den) = (-num, -den);
        }

        if (num == 0)
        {
            den = 1;
        }
        else if (IsInteger(num) && IsInteger(den))
        {
            var gcd = Gcd(Math.Abs(num), den);
            (num, den) = (num / gcd, den / gcd);
        }
        else if (den != 1 && !IsInteger(num))
        {
            // 0.5/3: a fraction of a decimal is printed as the decimal it is.
            (num, den) = (num / den, 1);
        }

        Num = num;
        Den = den;
    }

    public static Ratio Zero => new(0, 1);

    public static Ratio One => new(1, 1);

    public static Ratio MinusOne => new(-1, 1);

    public double Num { get; }

    public double Den { get; }

    public bool IsZero => Num == 0;

    public bool IsOne => Num == 1 && Den == 1;

    public bool IsNegative => Num < 0;

    public Ratio Abs => new(Math.Abs(Num), Den);

    public Ratio Negate() => new(-Num, Den);

    public Ratio Times(Ratio other) => new(Num * other.Num, Den * other.Den);

    public Ratio Plus(Ratio other) => Den == other.Den ? new(Num + other.Num, Den) : new((Num * other.Den) + (other.Num * Den), Den * other.Den);

    /// <summary>This ratio to an integer power; null for 0 to a negative power.</summary>
    public Ratio? Power(int exponent)
    {
        if (exponent < 0)
        {
            return IsZero ? null : new Ratio(Math.Pow(Den, -exponent), Math.Pow(Num, -exponent));
        }

        return new Ratio(Math.Pow(Num, exponent), Math.Pow(Den, exponent));
    }

    public bool Equals(Ratio other) => Num.Equals(other.Num) && Den.Equals(other.Den);

    public override bool Equals(object? obj) => obj is Ratio other && Equals(other);

    public override int GetHashCode() => (Num.GetHashCode() * 397) ^ Den.GetHashCode();

    /// <summary>The numerator as the formulas print it ("0.5", "1E-05"), with the sign.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public override string ToString() => Den == 1 ? Format(Num) : $"{Format(Num)}/{Format(Den)}";

    private static bool IsInteger(double value) => Math.Abs(value) <= MaxExact && Math.Floor(value) == value;

    private static double Gcd(double a, double b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a == 0 ? 1 : a;
    }
}
