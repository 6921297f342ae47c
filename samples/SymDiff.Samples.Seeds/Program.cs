using SymDiff.Samples.Seeds;

var value = SeedFunctions.LossGradient(0.5, 0.1, 2.0, 1.0, out var dW, out var dB);
Console.WriteLine($"L = {value}, dW = {dW}, dB = {dB}");
var g = SeedFunctions.GraphGradient(1, 2, 0, out var dx, out var dy, out var dz);
Console.WriteLine($"f = {g}, grad = ({dx}, {dy}, {dz})");
var u = SeedFunctions.LogisticUnitGradient(0.2, 0.3, 0.9, 0.5, 0.5, 0.6, 0.1, out _, out _, out _, out _);
Console.WriteLine($"unit = {u}");
