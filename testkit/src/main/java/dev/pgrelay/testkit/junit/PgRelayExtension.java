package dev.pgrelay.testkit.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs one {@link PgRelayEnvironment} per {@link PgRelayTest} class: started in beforeAll (or earlier, when a
 * per-class test instance's constructor asks for it), closed in afterAll, handed to any parameter of that type.
 * The environment lives in the store of the annotated class's context, so {@code @Nested} classes find it.
 */
public final class PgRelayExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PgRelayExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        environment(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext owner = annotatedClassContext(context);
        if (owner == context) {
            PgRelayEnvironment environment = context.getStore(NAMESPACE).remove(owner.getRequiredTestClass(), PgRelayEnvironment.class);
            if (environment != null) {
                environment.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PgRelayEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return environment(extensionContext);
    }

    private static PgRelayEnvironment environment(ExtensionContext context) {
        ExtensionContext owner = annotatedClassContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        PgRelayTest settings = AnnotationSupport.findAnnotation(testClass, PgRelayTest.class).orElseThrow();
        return owner.getStore(NAMESPACE).computeIfAbsent(testClass, key -> PgRelayEnvironment.start(settings),
                PgRelayEnvironment.class);
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
