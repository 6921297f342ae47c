using SymDiff.AdBench.Gmm;

namespace SymDiff.AdBench.IO;

/// <summary>
/// Reads the ADBench GMM input format:
/// <code>
/// d K n
/// alpha_k            (K lines, 1 value)
/// mean_k             (K lines, d values)
/// icf_k              (K lines, d(d+1)/2 values: q then l)
/// x_i                (n lines, d values)
/// gamma m
/// </code>
/// </summary>
public static class GmmReader
{
    /// <summary>Reads a GMM input file.</summary>
    /// <exception cref="AdBenchFormatException">The file does not have the layout above.</exception>
    public static GmmInput Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads GMM input text; <paramref name="fileName"/> is only used in error messages.</summary>
    /// <exception cref="AdBenchFormatException">The text does not have the layout above.</exception>
    public static GmmInput Parse(TextReader text, string fileName)
    {
        var lines = new AdBenchLineReader(text, fileName);
        int[] header = lines.ReadInts(3, "the header 'd K n'");
        int d = header[0], k = header[1], n = header[2];
        if (d < 1 || k < 1 || n < 1)
        {
            throw lines.Error(lines.LineNumber, $"the header 'd K n' is '{d} {k} {n}'; expected three positive integers");
        }

        int icfSize = GmmInput.IcfSize(d);
        var alphas = new double[k];
        var means = new double[k * d];
        var icf = new double[k * icfSize];
        var x = new double[n * d];
        for (int i = 0; i < k; i++)
        {
            lines.ReadDoubles(alphas.AsSpan(i, 1), 1, $"alpha {i}");
        }

        for (int i = 0; i < k; i++)
        {
            lines.ReadDoubles(means.AsSpan(i * d, d), d, $"mean {i}");
        }

        for (int i = 0; i < k; i++)
        {
            lines.ReadDoubles(icf.AsSpan(i * icfSize, icfSize), icfSize, $"icf {i}");
        }

        for (int i = 0; i < n; i++)
        {
            lines.ReadDoubles(x.AsSpan(i * d, d), d, $"point {i}");
        }

        const string WishartLine = "the Wishart line 'gamma m'";
        string[] wishart = lines.ReadTokens(WishartLine);
        if (wishart.Length != 2)
        {
            throw lines.Error(lines.LineNumber, AdBenchLineReader.CountProblem(WishartLine, wishart.Length, 2));
        }

        double gamma = lines.ParseDouble(wishart[0], WishartLine, 0);
        int m = lines.ParseInt(wishart[1], WishartLine, 1);
        lines.ExpectEnd(WishartLine);
        return new GmmInput(d, k, n, alphas, means, icf, x, gamma, m);
    }
}
