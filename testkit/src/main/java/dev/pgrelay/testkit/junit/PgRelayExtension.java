package dev.pgrelay.testkit.junit;

import dev.pgrelay.testkit.junit.PgRelayTest.Lifecycle;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the {@link PgRelayEnvironment} of a {@link PgRelayTest} class and hands it to any parameter of that type.
 * Per class (default): started in beforeAll (or earlier, when a per-class test instance's constructor asks for
 * it), closed in afterAll, kept in the store of the annotated class's context so {@code @Nested} classes find
 * it. Per method: started in beforeEach, closed in afterEach, kept in the test method's context.
 */
public final class PgRelayExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PgRelayExtension.class);
    private static final String METHOD_ENVIRONMENT = "environment";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).lifecycle() == Lifecycle.PER_CLASS) {
            classEnvironment(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext owner = annotatedClassContext(context);
        if (owner == context) {
            closeIfPresent(context.getStore(NAMESPACE).remove(owner.getRequiredTestClass(), PgRelayEnvironment.class));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).lifecycle() == Lifecycle.PER_METHOD) {
            methodEnvironment(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeIfPresent(context.getStore(NAMESPACE).remove(METHOD_ENVIRONMENT, PgRelayEnvironment.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PgRelayEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (settings(extensionContext).lifecycle() == Lifecycle.PER_CLASS) {
            return classEnvironment(extensionContext);
        }
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("@PgRelayTest(lifecycle = PER_METHOD) starts one environment per test"
                    + " method: ask for it in test methods or @BeforeEach/@AfterEach methods, not in "
                    + parameterContext.getDeclaringExecutable());
        }
        return methodEnvironment(extensionContext);
    }

    private static PgRelayEnvironment classEnvironment(ExtensionContext context) {
        ExtensionContext owner = annotatedClassContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        PgRelayTest settings = settings(context);
        return owner.getStore(NAMESPACE).computeIfAbsent(testClass, key -> PgRelayEnvironment.start(settings),
                PgRelayEnvironment.class);
    }

    private static PgRelayEnvironment methodEnvironment(ExtensionContext context) {
        PgRelayTest settings = settings(context);
        return context.getStore(NAMESPACE).computeIfAbsent(METHOD_ENVIRONMENT, key -> PgRelayEnvironment.start(settings),
                PgRelayEnvironment.class);
    }

    private static void closeIfPresent(PgRelayEnvironment environment) {
        if (environment != null) {
            environment.close();
        }
    }

    private static PgRelayTest settings(ExtensionContext context) {
        Class<?> testClass = annotatedClassContext(context).getRequiredTestClass();
        return AnnotationSupport.findAnnotation(testClass, PgRelayTest.class).orElseThrow();
    }

    /** The innermost class-level context whose class carries {@link PgRelayTest}. */
    private static ExtensionContext annotatedClassContext(ExtensionContext context) {
        for (Optional<ExtensionContext> candidate = Optional.of(context); candidate.isPresent();
             candidate = candidate.get().getParent()) {
            Optional<Class<?>> annotatedClass = candidate.get().getElement()
                    .filter(Class.class::isInstance)
                    .<Class<?>>map(Class.class::cast)
                    .filter(type -> AnnotationSupport.isAnnotated(type, PgRelayTest.class));
            if (annotatedClass.isPresent()) {
                return candidate.get();
            }
        }
        throw new ExtensionConfigurationException(PgRelayExtension.class.getSimpleName()
                + " needs a test class annotated with @" + PgRelayTest.class.getSimpleName());
    }
}
