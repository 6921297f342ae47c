using SymDiff.Generators.Model;

namespace SymDiff.Generators.Lowering;

/// <summary>
/// One differentiable method as the call graph sees it: its key and the keys of the differentiable methods of this
/// compilation whose generated derivative it calls (calls with a custom derivative or without active arguments are
/// left out when the graph is built, since they never call generated code).
/// </summary>
internal sealed record CallGraphNode(string Key, string Name, EquatableArray<CallModel> Calls, bool BodyRunsInKernels = false)
{
    /// <summary>True for <c>[Differentiable(Hessian = true)]</c>.</summary>
    public bool AsksForHessian { get; init; }

    /// <summary>Why its own body rules out second derivatives (<see cref="Differentiation.SecondOrder.Obstacle"/>), or null.</summary>
    public string? HessianObstacle { get; init; }

    /// <summary>The calls (indices into <see cref="Calls"/>) whose callees must have second derivatives for it to have them.</summary>
    public EquatableArray<int> SecondOrderCalls { get; init; } = EquatableArray<int>.Empty;
}

/// <summary>
/// A method that calls itself through other methods: its cycle as the user reads it, and its strongly connected
/// component (named by its first key), so a call is known to close a cycle.
/// </summary>
internal sealed record RecursiveMethod(string Key, string Cycle, string Component);

/// <summary>
/// Which differentiable methods of the compilation get generated derivatives. A caller's generated code calls its
/// callees' generated <c>Gradient</c>/<c>Pullback</c>/<c>Pushforward</c>, so a callee SymDiff rejected (or one on a
/// recursion cycle) must reject its callers too, with a diagnostic at the call instead of output that cannot compile.
/// Only the verdicts are kept: an edit that changes a method's body but not whether it is accepted leaves this value
/// equal, so no other method is re-emitted.
/// </summary>
internal sealed record CallGraph(EquatableArray<string> Accepted, EquatableArray<RecursiveMethod> Recursive, EquatableArray<string> RunInKernels)
{
    /// <summary>The accepted methods that get second derivatives (sorted): they ask, their bodies allow it, and so do their callees'.</summary>
    public EquatableArray<string> SecondOrder { get; init; } = EquatableArray<string>.Empty;

    /// <summary>True when the method with <paramref name="key"/> gets Hessian members (and the <c>PushforwardPullback</c> its callers call).</summary>
    public bool HasSecondOrder(string key) => System.Collections.Immutable.ImmutableArray.BinarySearch(SecondOrder.Items, key, StringComparer.Ordinal) >= 0;

    /// <summary>
    /// True when the method with <paramref name="key"/> and its generated members can be called from an ILGPU kernel:
    /// its own body can (<see cref="KernelCalls.BodyRunsInKernels"/>) and so can every method it calls, through their
    /// generated derivatives (<see cref="RunInKernels"/> is sorted).
    /// </summary>
    public bool RunsInKernels(string key) => System.Collections.Immutable.ImmutableArray.BinarySearch(RunInKernels.Items, key, StringComparer.Ordinal) >= 0;

    /// <summary>True when the method with <paramref name="key"/> gets generated derivatives (<see cref="Accepted"/> is sorted).</summary>
    public bool IsAccepted(string key) => System.Collections.Immutable.ImmutableArray.BinarySearch(Accepted.Items, key, StringComparer.Ordinal) >= 0;

    /// <summary>The key of a method: its containing type, name and parameter types, all fully qualified.</summary>
    public static string KeyOf(MethodModel method) =>
        Key(method.ContainingTypeFullName, method.Name, method.Parameters);

    /// <summary>The same key from the callee's symbol (its original definition), as <see cref="CallModel.SourceKey"/> holds it.</summary>
    public static string KeyOf(Microsoft.CodeAnalysis.IMethodSymbol method) => Key(
        KnownSymbols.FullName(method.ContainingType), method.Name, method.Parameters.Select(p => KnownSymbols.FullName(p.Type)));

    /// <summary>The call graph key of a callee declared in this compilation, or null for one from a reference.</summary>
    public static string? SourceKeyOf(Microsoft.CodeAnalysis.IMethodSymbol target) =>
        target.OriginalDefinition.DeclaringSyntaxReferences.Length > 0 ? KeyOf(target.OriginalDefinition) : null;

    private static string Key(string type, string name, EquatableArray<ParamModel> parameters) => Key(type, name, parameters.Select(p => p.TypeName));

    private static string Key(string type, string name, IEnumerable<string> parameterTypes) => $"{type}.{name}({string.Join(", ", parameterTypes)})";

    public static CallGraphNode Node(MethodModel method)
    {
        var node = new CallGraphNode(KeyOf(method), method.Name, method.Calls, KernelCalls.BodyRunsInKernels(method)) { AsksForHessian = method.Hessian };
        return method.Hessian && Differentiation.SecondOrder.Of(method) is var facts
            ? node with { HessianObstacle = facts.Obstacle, SecondOrderCalls = facts.Calls }
            : node;
    }

    /// <summary>
    /// Why <paramref name="method"/> gets no second derivatives, or null when it does (or does not ask): its own body,
    /// or the first call whose callee has none.
    /// </summary>
    public string? HessianObstacle(MethodModel method, EquatableArray<CustomDerivativeModel> registry)
    {
        if (!method.Hessian || HasSecondOrder(KeyOf(method)))
        {
            return null;
        }

        var facts = Differentiation.SecondOrder.Of(method);
        if (facts.Obstacle is { } own)
        {
            return own;
        }

        if (facts.Calls.Select(index => method.Calls[index]).FirstOrDefault(c => LacksSecondOrder(c, registry, HasSecondOrder)) is { } callee)
        {
            return CustomFor(callee, registry) is not null
                ? Differentiation.SecondOrder.CustomObstacle(callee)
                : Differentiation.SecondOrder.CallObstacle(callee, callee.SourceKey is not null, Asks.Contains(callee.SourceKey ?? string.Empty));
        }

        return "it is not accepted";
    }

    /// <summary>The methods that ask for second derivatives (sorted), for what a caller's message says about its callee.</summary>
    public EquatableArray<string> Asks { get; init; } = EquatableArray<string>.Empty;


    /// <summary>Rejects every method that calls, directly or not, a rejected or recursive one.</summary>
    public static CallGraph Build(IEnumerable<CallGraphNode> nodes, EquatableArray<CustomDerivativeModel> registry)
    {
        // The same method declared twice (CS0111 in the user's code) yields two nodes with one key; either will do.
        var byKey = new Dictionary<string, CallGraphNode>(StringComparer.Ordinal);
        foreach (var node in nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (!byKey.ContainsKey(node.Key))
            {
                byKey[node.Key] = node;
            }
        }

        var edges = byKey.Values.ToDictionary(n => n.Key, n => Callees(n, registry).ToList(), StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in byKey.Values)
        {
            // A callee of this compilation that is not a node was rejected while lowering; a method with a call that has
            // no derivative at all is rejected by CallResolver.
            if (edges[node.Key].Any(callee => !byKey.ContainsKey(callee)) || HasUnresolvableCall(node, registry))
            {
                rejected.Add(node.Key);
            }
        }

        var recursive = Cycles(byKey, edges);
        rejected.UnionWith(recursive.Select(r => r.Key));

        // Rejection flows from callees to callers until nothing changes.
        bool changed;
        do
        {
            changed = false;
            foreach (var node in byKey.Values.Where(n => !rejected.Contains(n.Key)))
            {
                if (edges[node.Key].Any(rejected.Contains))
                {
                    changed |= rejected.Add(node.Key);
                }
            }
        }
        while (changed);

        // Runs in kernels: an accepted method whose body can, and whose every call goes to the generated derivative of
        // a method of this compilation that can, until nothing changes.
        var kernels = new HashSet<string>(byKey.Values.Where(n => n.BodyRunsInKernels && !rejected.Contains(n.Key)).Select(n => n.Key), StringComparer.Ordinal);
        do
        {
            changed = false;
            foreach (var node in byKey.Values.Where(n => kernels.Contains(n.Key)))
            {
                if (node.Calls.Any(c => !UsesGeneratedDerivative(c, registry) || c.SourceKey is not { } callee || !kernels.Contains(callee)))
                {
                    changed |= kernels.Remove(node.Key);
                }
            }
        }
        while (changed);

        // Second derivatives: an accepted method that asks and whose body allows it, and whose every call that needs them
        // goes to the generated derivative of a method of this compilation that has them, until nothing changes.
        var secondOrder = new HashSet<string>(byKey.Values.Where(n => n.AsksForHessian && n.HessianObstacle is null && !rejected.Contains(n.Key)).Select(n => n.Key), StringComparer.Ordinal);
        do
        {
            changed = false;
            foreach (var node in byKey.Values.Where(n => secondOrder.Contains(n.Key)))
            {
                if (node.SecondOrderCalls.Any(k => LacksSecondOrder(node.Calls[k], registry, secondOrder.Contains)))
                {
                    changed |= secondOrder.Remove(node.Key);
                }
            }
        }
        while (changed);

        return new CallGraph(
            byKey.Keys.Where(k => !rejected.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray(),
            recursive.OrderBy(r => r.Key, StringComparer.Ordinal).ToEquatableArray(),
            kernels.OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray())
        {
            SecondOrder = secondOrder.OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray(),
            Asks = byKey.Values.Where(n => n.AsksForHessian).Select(n => n.Key).OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    /// <summary>
    /// True when a call's callee has no second derivatives to go through: a custom derivative SymDiff cannot
    /// differentiate again (one it can is inlined as the call's tangent, <see cref="CustomTangents"/>), a method of
    /// another assembly, or one that <paramref name="hasSecondOrder"/> says gets no second derivatives.
    /// </summary>
    private static bool LacksSecondOrder(CallModel call, EquatableArray<CustomDerivativeModel> registry, Func<string, bool> hasSecondOrder) =>
        CustomFor(call, registry) is not null ? call.CustomTangent is null : call.SourceKey is not { } callee || !hasSecondOrder(callee);

    /// <summary>The custom derivative a call uses, if any: a pullback over a pushforward.</summary>
    public static CustomDerivativeModel? CustomFor(CallModel call, EquatableArray<CustomDerivativeModel> registry)
    {
        var kinds = string.Join(",", call.Parameters.Select(p => p.Kind?.ToString() ?? "Other"));
        return registry
            .Where(c => c.TargetTypeName == call.TypeName && c.TargetName == call.MethodName && c.TargetParameterKinds == kinds)
            .OrderBy(c => c.Strategy == CallStrategy.CustomPullback ? 0 : 1)
            .FirstOrDefault();
    }

    /// <summary>True when a call uses the callee's generated derivative (not a custom one, and not just the primal).</summary>
    public static bool UsesGeneratedDerivative(CallModel call, EquatableArray<CustomDerivativeModel> registry) =>
        !call.IsPassive && call.IsDifferentiable && CustomFor(call, registry) is null;

    private static bool HasUnresolvableCall(CallGraphNode node, EquatableArray<CustomDerivativeModel> registry) =>
        node.Calls.Any(c => !c.IsPassive && !c.IsDifferentiable && CustomFor(c, registry) is null);

    /// <summary>The keys of the methods of this compilation whose generated derivatives <paramref name="node"/> calls.</summary>
    private static IEnumerable<string> Callees(CallGraphNode node, EquatableArray<CustomDerivativeModel> registry) =>
        node.Calls.Where(c => c.SourceKey is not null && UsesGeneratedDerivative(c, registry)).Select(c => c.SourceKey!).Distinct();

    /// <summary>Every method on a call cycle (Tarjan's strongly connected components, iteratively: no recursion depth depends on the user's code).</summary>
    private static List<RecursiveMethod> Cycles(Dictionary<string, CallGraphNode> byKey, Dictionary<string, List<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<RecursiveMethod>();
        var next = 0;
        foreach (var root in byKey.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Key, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (key, edge) = work.Pop();
                var callees = edges[key];
                if (edge < callees.Count)
                {
                    work.Push((key, edge + 1));
                    var callee = callees[edge];
                    if (!byKey.ContainsKey(callee))
                    {
                        continue;
                    }

                    if (!index.ContainsKey(callee))
                    {
                        index[callee] = low[callee] = next++;
                        stack.Push(callee);
                        onStack.Add(callee);
                        work.Push((callee, 0));
                    }
                    else if (onStack.Contains(callee))
                    {
                        low[key] = Math.Min(low[key], index[callee]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Key;
                    low[parent] = Math.Min(low[parent], low[key]);
                }

                if (low[key] != index[key])
                {
                    continue;
                }

                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != key);

                if (component.Count > 1 || edges[key].Contains(key))
                {
                    var members = new HashSet<string>(component, StringComparer.Ordinal);
                    var name = component.OrderBy(m => m, StringComparer.Ordinal).First();
                    result.AddRange(component.Select(m => new RecursiveMethod(m, Describe(m, members, byKey, edges), name)));
                }
            }
        }

        return result;
    }

    /// <summary>A shortest cycle through <paramref name="start"/> inside its component, as "F → G → F".</summary>
    private static string Describe(string start, HashSet<string> members, Dictionary<string, CallGraphNode> byKey, Dictionary<string, List<string>> edges)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        string? last = null;
        while (queue.Count > 0 && last is null)
        {
            var key = queue.Dequeue();
            foreach (var callee in edges[key].Where(members.Contains))
            {
                if (callee == start)
                {
                    last = key;
                    break;
                }

                if (!previous.ContainsKey(callee))
                {
                    previous[callee] = key;
                    queue.Enqueue(callee);
                }
            }
        }

        var path = new List<string> { byKey[start].Name };
        for (var key = last; key is not null && key != start; key = previous.TryGetValue(key, out var p) ? p : null)
        {
            path.Insert(1, byKey[key].Name);
        }

        path.Add(byKey[start].Name);
        return string.Join(" → ", path);
    }
}
