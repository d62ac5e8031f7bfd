package dev.postsapi.support;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds one request at a chosen point of the server's work until the test lets it go: a
 * race made certain rather than a matter of timing. The server's side calls
 * {@link #pass()} there; it waits only while the gate is armed, once.
 */
public final class Gate {

	private volatile @Nullable CountDownLatch arrived;

	private volatile @Nullable CountDownLatch release;

	/** Arms the gate and sends {@code request}; returns once it waits at the gate. */
	public <T> CompletableFuture<T> hold(Supplier<T> request) throws InterruptedException {
		// pass() clears the field as the request reaches it: wait on the latch itself
		CountDownLatch reached = new CountDownLatch(1);
		this.release = new CountDownLatch(1);
		this.arrived = reached;
		CompletableFuture<T> held = CompletableFuture.supplyAsync(request);
		assertThat(reached.await(30, TimeUnit.SECONDS)).as("the request reached the gate").isTrue();
		return held;
	}

	/** Where the server's work waits while the gate is armed; at once otherwise. */
	public void pass() {
		CountDownLatch here = this.arrived;
		CountDownLatch wait = this.release;
		if (here != null && wait != null) {
			this.arrived = null;
			here.countDown();
			try {
				wait.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Makes the context's beans that {@code beans} picks pass this gate before each call
	 * that {@code calls} picks: where the server's work is held.
	 */
	public BeanPostProcessor before(Predicate<Object> beans, Predicate<MethodInvocation> calls) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!beans.test(bean)) {
					return bean;
				}
				ProxyFactory gated = new ProxyFactory(bean);
				// a repository is a JDK proxy of its interfaces, a service a class
				gated.setProxyTargetClass(!Proxy.isProxyClass(bean.getClass()));
				gated.addAdvice((MethodInterceptor) (invocation) -> {
					if (calls.test(invocation)) {
						pass();
					}
					return invocation.proceed();
				});
				return gated.getProxy();
			}

		};
	}

	/**
	 * {@link #before(Predicate, Predicate)} for the beans of {@code type}, before each
	 * call of a method named in {@code methods}.
	 */
	public BeanPostProcessor before(Class<?> type, Set<String> methods) {
		return before(type::isInstance, (call) -> methods.contains(call.getMethod().getName()));
	}

	/** Lets the held request go on. */
	public void open() {
		CountDownLatch open = this.release;
		if (open != null) {
			open.countDown();
		}
	}

	/** Opens the gate and disarms it (after each test). */
	public void reset() {
		open();
		this.arrived = null;
		this.release = null;
	}

}
