package dev.postsapi.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

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
