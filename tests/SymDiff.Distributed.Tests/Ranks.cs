using System.Globalization;

namespace SymDiff.Distributed.Tests;

/// <summary>
/// The program the MPI tests start on every rank (<c>mpirun -np 2 dotnet SymDiff.Distributed.Tests.dll scenario …</c>):
/// one scenario per run, its findings printed one per line as <c>rank R: …</c>, exit code 0 when it went as expected.
/// </summary>
public static class Ranks
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: SymDiff.Distributed.Tests <collectives|disagree|timeout|train> [file [checkpoint]]");
            return 2;
        }

        using var world = MpiCommunicator.FromEnvironment();
        var rank = world.Rank;
        void Say(string text) => Console.WriteLine(FormattableString.Invariant($"rank {rank}: {text}"));
        switch (args[0])
        {
            case "collectives":
                Say(world.Description);
                Collectives(world, Say);
                world.Barrier();
                return 0;
            case "disagree":
                try
                {
                    world.Agree("the model's width", 10 + rank);
                    Say("agreed (wrong)");
                    return 1;
                }
                catch (RankDisagreementException e)
                {
                    Say(e.Message);
                    return 3;
                }

            case "timeout":
                if (rank == 1)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(60));
                    return 0;
                }

                try
                {
                    world.AllReduceSum(new float[4]);
                    Say("summed (wrong)");
                    return 1;
                }
                catch (CollectiveTimeoutException e)
                {
                    Say(e.Message);
                    return 4;
                }

            case "train":
                var checkpoint = args.Length > 2 ? args[2].Replace("{rank}", rank.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) : null;
                var result = TinyModel.Train(world, bucketBytes: 256, checkpoint);
                if (rank == 0)
                {
                    Write(args[1], result);
                }

                Say($"trained {result.Steps} steps");
                return 0;
            default:
                Console.Error.WriteLine($"unknown scenario '{args[0]}'");
                return 2;
        }
    }

    /// <summary>Every collective with values that depend on the rank, each checked against what it must give.</summary>
    private static void Collectives(MpiCommunicator world, Action<string> say)
    {
        int n = world.Size, r = world.Rank;
        var floats = new float[1000];
        var doubles = new double[3];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = r + i;
        }

        doubles[0] = r;
        doubles[1] = 1e-300 * (r + 1);
        doubles[2] = 1.5;
        world.AllReduceSum(floats);
        world.AllReduceSum(doubles);
        var sumRanks = n * (n - 1) / 2;
        var floatsOk = floats.Select((v, i) => v == sumRanks + (float)n * i).All(b => b);
        var doublesOk = doubles[0] == sumRanks && doubles[1] == 1e-300 * (n * (n + 1) / 2) && doubles[2] == 1.5 * n;
        say($"sum floats {(floatsOk ? "ok" : "WRONG " + floats[1])}, sum doubles {(doublesOk ? "ok" : "WRONG " + doubles[0])}");

        var root = n - 1;
        var fromRoot = new[] { (float)r, r * 2f };
        world.Broadcast(fromRoot, root);
        var doubleFromRoot = new[] { r + 0.25 };
        world.Broadcast(doubleFromRoot, root);
        say($"broadcast from {root} {(fromRoot[0] == root && fromRoot[1] == 2 * root && doubleFromRoot[0] == root + 0.25 ? "ok" : "WRONG")}");

        var pending = ((SymDiff.Training.ICollectives)world).StartSum(new float[] { 1, r });
        pending.Wait();
        world.Agree("the answer", 42);
        say("agree ok");
    }

    private static void Write(string path, (float[] Parameters, float[] Losses, long Steps) result)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(result.Parameters.Length);
        foreach (var v in result.Parameters)
        {
            writer.Write(v);
        }

        writer.Write(result.Losses.Length);
        foreach (var v in result.Losses)
        {
            writer.Write(v);
        }

        writer.Write(result.Steps);
    }

    internal static (float[] Parameters, float[] Losses, long Steps) Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var parameters = new float[reader.ReadInt32()];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = reader.ReadSingle();
        }

        var losses = new float[reader.ReadInt32()];
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = reader.ReadSingle();
        }

        return (parameters, losses, reader.ReadInt64());
    }
}
