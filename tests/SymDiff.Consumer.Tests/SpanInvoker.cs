using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace SymDiff.Consumer.Tests;

/// <summary>
/// Calls a static method found by reflection. <see cref="MethodBase.Invoke(object, object[])"/> cannot pass a span (it
/// is a ref struct and cannot be boxed), so each method gets a small compiled shim: an array stands for a
/// <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c> parameter (wrapped in the span) and, as a one-element array, for a
/// <c>ref</c>/<c>out</c> parameter (its element passed by reference, so the callee's writes land in it); every other
/// argument is unboxed. Exceptions surface unwrapped.
/// </summary>
public static class SpanInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<object?[], object?>> Shims = new();

    /// <param name="method">A static method.</param>
    /// <param name="arguments">One per parameter: an array for a <c>Span&lt;T&gt;</c>/<c>ReadOnlySpan&lt;T&gt;</c>, else the boxed value.</param>
    public static void Invoke(MethodInfo method, params object[] arguments) => Call(method, arguments);

    /// <summary>Calls <paramref name="method"/> and returns its result boxed (null for void).</summary>
    public static object? Call(MethodInfo method, params object?[] arguments) => Shims.GetOrAdd(method, Compile)(arguments);

    public static bool IsSpan(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Span<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>));

    private static Func<object?[], object?> Compile(MethodInfo method)
    {
        var shim = new DynamicMethod(method.Name + "Shim", typeof(object), [typeof(object[])], typeof(SpanInvoker).Module, skipVisibility: true);
        var il = shim.GetILGenerator();
        var parameters = method.GetParameters();
        for (var k = 0; k < parameters.Length; k++)
        {
            var type = parameters[k].ParameterType;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldelem_Ref);
            if (type.IsByRef)
            {
                var element = type.GetElementType()!;
                il.Emit(OpCodes.Castclass, element.MakeArrayType());
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldelema, element);
            }
            else if (IsSpan(type))
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
        if (method.ReturnType == typeof(void))
        {
            il.Emit(OpCodes.Ldnull);
        }
        else
        {
            il.Emit(OpCodes.Box, method.ReturnType);
        }

        il.Emit(OpCodes.Ret);
        return shim.CreateDelegate<Func<object?[], object?>>();
    }
}
