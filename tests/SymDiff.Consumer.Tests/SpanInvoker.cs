using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Calls a method that takes spans, found by reflection. <see cref="MethodBase.Invoke(object, object[])"/> cannot pass
/// a span (it is a ref struct and cannot be boxed), so each method gets a small compiled shim that wraps the array
/// given for a span parameter in that span and unboxes every other argument. Exceptions surface unwrapped.
/// </summary>
public static class SpanInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Action<object[]>> Shims = new();

    /// <param name="method">A static method.</param>
    /// <param name="arguments">One per parameter: an array for a <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c>, else the boxed value.</param>
    public static void Invoke(MethodInfo method, params object[] arguments) => Shims.GetOrAdd(method, Compile)(arguments);

    public static bool IsSpan(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>));

    private static Action<object[]> Compile(MethodInfo method)
    {
        var shim = new DynamicMethod(method.Name + "FromArrays", null, [typeof(object[])], typeof(SpanInvoker).Module, skipVisibility: true);
        var il = shim.GetILGenerator();
        var parameters = method.GetParameters();
        for (var k = 0; k < parameters.Length; k++)
        {
            var type = parameters[k].ParameterType;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldelem_Ref);
            if (IsSpan(type))
            {
                var array = type.GetGenericArguments()[0].MakeArrayType();
                il.Emit(OpCodes.Castclass, array);
                il.Emit(OpCodes.Newobj, type.GetConstructor([array])!);
            }
            else
            {
                il.Emit(OpCodes.Unbox_Any, type);
            }
        }

        il.Emit(OpCodes.Call, method);
        il.Emit(OpCodes.Ret);
        return shim.CreateDelegate<Action<object[]>>();
    }
}
