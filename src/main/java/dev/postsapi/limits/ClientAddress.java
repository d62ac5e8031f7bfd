package dev.postsapi.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

import dev.postsapi.security.Sha256;

import org.jspecify.annotations.Nullable;

/**
 * The address a limit counts: IPv4 as is, IPv6 as its /64 (what one subscriber holds), as
 * the container reports it: the peer, or behind trusted proxies, their X-Forwarded-For.
 */
public final class ClientAddress {

	private static final int IPV6_NETWORK_BYTES = 8;

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

	static String group(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return "unknown";
		}
		InetAddress ip;
		try {
			// a literal only: never a name to look up
			ip = literal(address);
		}
		catch (IllegalArgumentException ex) {
			return "unparsed-" + HexFormat.of().formatHex(Sha256.digest(address)).substring(0, 16);
		}
		if (ip instanceof Inet6Address) {
			byte[] network = Arrays.copyOf(ip.getAddress(), 16);
			Arrays.fill(network, IPV6_NETWORK_BYTES, 16, (byte) 0);
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException("16 bytes are always an IPv6 address", ex);
			}
		}
		return ip.getHostAddress();
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
