package io.flinkstream.api.typeinfo;

import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a serializable lambda or method reference reveals of the type arguments of its functional interface. Its
 * class implements the interface raw, so the types come from its {@link SerializedLambda}: the instantiated method
 * type (the interface method's signature as the lambda was typed, erased: {@code (Ljava/lang/Long;)Ljava/lang/Long;}
 * for a {@code MapFunction<Long, Long>}) and, for a method reference to a real method, that method's generic
 * signature ({@code Tuple2<String, Long> toTuple(String)}). Where a type argument appears in the interface method
 * is read from the interface itself: {@code O map(T)} puts MapFunction's O in the return and T in parameter 0, while
 * FlatMapFunction's O, inside {@code Collector<O>}, appears in no position and stays unknown.
 */
final class LambdaTypes {
    private LambdaTypes() {
    }

    /** Where a type argument of a functional interface appears in its method: the return (-1) or a parameter. */
    private record Position(int parameter) {
        static final Position RETURN = new Position(-1);

        boolean isReturn() {
            return parameter < 0;
        }
    }

    /**
     * The serialized form of {@code function} if it is a serializable lambda or method reference, else null. Only
     * classes the lambda factory spun (synthetic ones) are asked, so no user class's writeReplace is ever called.
     */
    static SerializedLambda serializedForm(Object function) throws ReflectiveOperationException {
        Class<?> cls = function.getClass();
        if (!cls.isSynthetic()) {
            return null;
        }
        Method writeReplace;
        try {
            writeReplace = cls.getDeclaredMethod("writeReplace");
        } catch (NoSuchMethodException notSerializable) {
            return null;
        }
        writeReplace.setAccessible(true);
        return writeReplace.invoke(function) instanceof SerializedLambda lambda ? lambda : null;
    }

    /**
     * The type argument {@code index} of {@code functionType} as {@code lambda} instantiates it, or null if its
     * signature does not show it (it appears inside another type, or the interface is not functional).
     */
    static Type argumentType(SerializedLambda lambda, ClassLoader loader, Class<?> functionType, int index)
            throws ReflectiveOperationException {
        Method method = abstractMethod(functionType);
        if (method == null) {
            return null;
        }
        Position position = positionOf(method, functionType.getTypeParameters()[index]);
        if (position == null) {
            return null;
        }
        MethodType instantiated = MethodType.fromMethodDescriptorString(lambda.getInstantiatedMethodType(), loader);
        Class<?> erased = position.isReturn() ? instantiated.returnType() : instantiated.parameterType(position.parameter);
        Type declared = implementationType(lambda, loader, position);
        if (declared != null && !TypeArguments.hasTypeVariables(declared)
                && box(erased).isAssignableFrom(box(TypeExtractor.erase(declared)))) {
            return declared;
        }
        return erased;
    }

    /** The single abstract method of {@code functionType}, or null if it is not a functional interface. */
    private static Method abstractMethod(Class<?> functionType) {
        if (!functionType.isInterface()) {
            return null;
        }
        List<Method> abstractMethods = new ArrayList<>();
        for (Method method : functionType.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
                abstractMethods.add(method);
            }
        }
        return abstractMethods.size() == 1 ? abstractMethods.get(0) : null;
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException notOnObject) {
            return false;
        }
    }

    /** Where {@code variable} appears bare in {@code method}'s signature, preferring the return; null if nowhere. */
    private static Position positionOf(Method method, TypeVariable<?> variable) {
        if (variable.equals(method.getGenericReturnType())) {
            return Position.RETURN;
        }
        Type[] parameters = method.getGenericParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (variable.equals(parameters[i])) {
                return new Position(i);
            }
        }
        return null;
    }

    /**
     * The generic type at {@code position} of the method a method reference names, or null for a lambda (its body
     * method is synthetic and erased), a constructor, or the receiver of an instance method.
     */
    private static Type implementationType(SerializedLambda lambda, ClassLoader loader, Position position)
            throws ReflectiveOperationException {
        int kind = lambda.getImplMethodKind();
        if (kind == MethodHandleInfo.REF_newInvokeSpecial || lambda.getImplMethodName().startsWith("lambda$")) {
            return null;
        }
        Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
        MethodType signature = MethodType.fromMethodDescriptorString(lambda.getImplMethodSignature(), loader);
        Method method = findMethod(owner, lambda.getImplMethodName(), signature.parameterArray());
        if (method == null || method.isSynthetic()) {
            return null;
        }
        if (position.isReturn()) {
            return method.getGenericReturnType();
        }
        // The method's arguments are the captured values, then the interface method's; an instance method takes
        // the first of them as its receiver.
        boolean instance = !Modifier.isStatic(method.getModifiers());
        int parameter = lambda.getCapturedArgCount() + position.parameter - (instance ? 1 : 0);
        Type[] parameters = method.getGenericParameterTypes();
        return parameter >= 0 && parameter < parameters.length ? parameters[parameter] : null;
    }

    private static Method findMethod(Class<?> owner, String name, Class<?>[] parameterTypes) {
        for (Class<?> cls = owner; cls != null; cls = cls.getSuperclass()) {
            try {
                return cls.getDeclaredMethod(name, parameterTypes);
            } catch (NoSuchMethodException notHere) {
                // inherited: look further up
            }
        }
        try {
            return owner.getMethod(name, parameterTypes);
        } catch (NoSuchMethodException notFound) {
            return null;
        }
    }

    private static Class<?> box(Class<?> cls) {
        return MethodType.methodType(cls).wrap().returnType();
    }
}
