using System.Globalization;

namespace SymDiff.Package.Tests;

/// <summary>
/// The SymDiff.Gpu package end to end, as a user adds it to a console app: it brings ILGPU and ILGPU.Algorithms (from
/// the package registry), the generator then adds per-example kernels to a method with loops over per-element data,
/// and the app runs them on ILGPU's CPU accelerator next to the C# gradients of the same examples.
/// </summary>
public sealed class GpuPackageTests : IDisposable
{
    private const string Model = """
        using SymDiff;

        namespace GpuApp;

        public static partial class Model
        {
            [Differentiable]
            public static double SampleLoss(ReadOnlySpan<double> w, [NoDerivative(PerElement = true)] ReadOnlySpan<double> x, [NoDerivative(PerElement = true)] double y)
            {
                double z = 0;
                for (int j = 0; j < x.Length; j++) z += w[j] * x[j];
                double p = 1 / (1 + Math.Exp(-z));
                return (p - y) * (p - y);
            }
        }
        """;

    private const string Program = """
        using System.Globalization;
        using GpuApp;
        using ILGPU;
        using ILGPU.Runtime;
        using ILGPU.Runtime.CPU;

        double[] w = [0.5, -0.25, 1.0];
        double[] x = [1.0, 2.0, -1.0, 0.5, 0.5, 0.5, -2.0, 1.0, 0.0, 0.25, -0.75, 1.5];
        double[] y = [1.0, 0.0, 1.0, 0.0];
        using var context = Context.Create(b => b.CPU().EnableAlgorithms());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var ws = accelerator.Allocate1D(w);
        using var xs = accelerator.Allocate1D(x);
        using var ys = accelerator.Allocate1D(y);
        using var ups = accelerator.Allocate1D(new[] { 1.0, 1.0, 1.0, 1.0 });
        using var values = accelerator.Allocate1D<double>(4);
        using var dW = accelerator.Allocate1D<double>(3);
        Model.SampleLossGpuBackward(accelerator, ws.View, xs.View, ys.View, ups.View, values.View, dW.View);

        var sum = new double[3];
        var g = new double[3];
        for (var e = 0; e < 4; e++)
        {
            Model.SampleLossGradient(w, x.AsSpan(3 * e, 3), y[e], g);
            for (var j = 0; j < 3; j++) sum[j] += g[j];
        }

        string Line(string name, IEnumerable<double> v) => name + " " + string.Join(' ', v.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
        Console.WriteLine(Line("GPU", dW.GetAsArray1D()));
        Console.WriteLine(Line("CPU", sum));
        """;

    private readonly PackageFeed _feed = new(withGpu: true);

    [Fact]
    public void A_console_app_gets_per_example_kernels_from_the_gpu_package()
    {
        Assert.True(_feed.Package is not null, $"dotnet pack made no SymDiff package.\n{_feed.Pack}");
        Assert.True(_feed.GpuPack is { ExitCode: 0 }, $"dotnet pack made no SymDiff.Gpu package.\n{_feed.GpuPack}");
        var app = Path.Combine(_feed.Root, "GpuApp");
        var created = DotNet.Run(_feed.Root, _feed.Environment, "new", "console", "-n", "GpuApp", "-o", app, "--no-restore");
        Assert.True(created.ExitCode == 0, created.ToString());

        // ILGPU comes from the package registry, SymDiff and SymDiff.Gpu from the feed.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="registry" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var added = DotNet.Run(app, _feed.Environment, "add", "package", "SymDiff.Gpu", "--version", _feed.Version);
        Assert.True(added.ExitCode == 0, added.ToString());
        File.WriteAllText(Path.Combine(app, "Model.cs"), Model);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        var build = DotNet.Run(app, _feed.Environment, "build", "-p:EmitCompilerGeneratedFiles=true", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, $"The GPU consumer did not build.\n{added}\n{build}");
        var generated = Directory.GetFiles(Path.Combine(app, "obj"), "*SampleLoss.Gpu.g.cs", SearchOption.AllDirectories);
        Assert.True(generated.Length == 1, $"No per-example kernels were generated.\n{build}");
        Assert.Contains("SampleLossGpuBackwardKernel(", File.ReadAllText(generated[0]), StringComparison.Ordinal);

        var run = DotNet.Run(app, _feed.Environment, "run", "--no-build");
        Assert.True(run.ExitCode == 0, $"The GPU consumer did not run.\n{run}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double[] Numbers(string name) => lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ').Skip(1)
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var (gpu, cpu) = (Numbers("GPU"), Numbers("CPU"));
        Assert.Equal(3, gpu.Length);
        for (var j = 0; j < 3; j++)
        {
            Assert.True(Math.Abs(gpu[j] - cpu[j]) <= 1e-12 * (1 + Math.Abs(cpu[j])), $"dW[{j}]: {gpu[j]} on the accelerator, {cpu[j]} from the C# gradients\n{run}");
        }
    }

    public void Dispose() => _feed.Dispose();
}
