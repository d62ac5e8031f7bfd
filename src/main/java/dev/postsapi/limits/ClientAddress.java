package dev.postsapi.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The address a limit counts: IPv4 as is, IPv6 as its /64 (what one subscriber holds) but
 * for an IPv4 client it carries, anything else as one "unknown"; as the container reports
 * it: the peer, or behind trusted proxies, their X-Forwarded-For.
 */
public final class ClientAddress {

	private static final int IPV6_NETWORK_BYTES = 8;

	/**
	 * The /96 prefixes of IPv6 addresses that carry an IPv4 client in their last 32 bits:
	 * NAT64's well-known 64:ff9b::/96 (RFC 6052) and SIIT's ::ffff:0:0/96 (RFC 6145), as
	 * an IPv6-only network sees every IPv4 client. By their /64 all those clients would
	 * share one count, which any one of them could use up.
	 */
	private static final List<byte[]> IPV4_EMBEDDING_PREFIXES = List.of(
			new byte[] { 0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 },
			new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0 });

	private ClientAddress() {
	}

	/**
	 * The address as an IP literal, or null when it is none (what a proxy sent); a port
	 * some proxies add is left out.
	 */
	public static @Nullable String parsed(@Nullable String address) {
		try {
			return (address != null) ? literal(address).getHostAddress() : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The address as its limits count it: the clients that share this text share a count.
	 */
	public static String group(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return "unknown";
		}
		InetAddress ip;
		try {
			// a literal only: never a name to look up
			ip = literal(address);
		}
		catch (IllegalArgumentException ex) {
			// one count for all, as where the address is parsed first: a value a client
			// could vary (a proxy passing on what it was sent) must not give it new ones
			return "unknown";
		}
		if (ip instanceof Inet6Address) {
			byte[] bytes = ip.getAddress();
			if (IPV4_EMBEDDING_PREFIXES.stream()
				.anyMatch(prefix -> Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length))) {
				return addressOf(Arrays.copyOfRange(bytes, 12, 16));
			}
			Arrays.fill(bytes, IPV6_NETWORK_BYTES, 16, (byte) 0);
			return addressOf(bytes) + "/64";
		}
		return ip.getHostAddress();
	}

	/** The text of 4 or 16 bytes of address. */
	private static String addressOf(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 and 16 bytes are always an IP address", ex);
		}
	}

	/**
	 * The IP of an address as proxies write it: bare, or with a port as {@code [v6]:port}
	 * and {@code v4:port} (Tomcat's valve passes such an X-Forwarded-For entry on as is):
	 * else every client behind such a proxy would share one count, or have one per port.
	 */
	private static InetAddress literal(String address) {
		String text = address.strip();
		int colon = text.indexOf(':');
		if (text.startsWith("[") && text.indexOf(']') > 0) {
			int end = text.indexOf(']');
			if (end == text.length() - 1 || text.charAt(end + 1) == ':') {
				text = text.substring(1, end);
			}
		}
		else if (colon > 0 && colon == text.lastIndexOf(':')) {
			text = text.substring(0, colon);
		}
		return InetAddress.ofLiteral(text);
	}

}
