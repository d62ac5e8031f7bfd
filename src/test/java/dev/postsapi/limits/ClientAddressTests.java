package dev.postsapi.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address a limit counts: IPv4 as is, IPv6 by its /64, and never a name looked up.
 */
class ClientAddressTests {

	@Test
	void groupWhenIpv4ThenTheAddress() {
		assertThat(ClientAddress.group("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void groupWhenIpv6ThenItsSlash64() {
		assertThat(ClientAddress.group("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ClientAddress.group("2001:db8:1:2::1")).isEqualTo(ClientAddress.group("2001:db8:1:2::ffff"));
		assertThat(ClientAddress.group("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.group("2001:db8:1:2::1"));
	}

	@Test
	void groupWhenIpv4MappedIpv6ThenTheIpv4Address() {
		assertThat(ClientAddress.group("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void groupWhenIpv6CarriesAnIpv4ClientThenTheIpv4Address() {
		// NAT64's well-known prefix and SIIT's: each IPv4 client its own count
		assertThat(ClientAddress.group("64:ff9b::203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.group("64:ff9b::cb00:7108")).isEqualTo("203.0.113.8");
		assertThat(ClientAddress.group("::ffff:0:203.0.113.7")).isEqualTo("203.0.113.7");
		// a network-specific NAT64 prefix is any other IPv6 network
		assertThat(ClientAddress.group("64:ff9b:1::cb00:7107")).isEqualTo("64:ff9b:1:0:0:0:0:0/64");
		assertThat(ClientAddress.group("::1")).isEqualTo("0:0:0:0:0:0:0:0/64");
	}

	@Test
	void groupWhenNotALiteralThenOneCountForAllAndNoLookup() {
		assertThat(ClientAddress.group("localhost")).isEqualTo("unknown")
			.isEqualTo(ClientAddress.group("example.com"))
			.isEqualTo(ClientAddress.group("junk-1"));
		assertThat(ClientAddress.group(null)).isEqualTo("unknown");
		assertThat(ClientAddress.group(" ")).isEqualTo("unknown");
	}

	@Test
	void groupAndParsedWhenAProxyAddedAPortThenTheAddressAlone() {
		assertThat(ClientAddress.group("203.0.113.7:51234")).isEqualTo("203.0.113.7")
			.isEqualTo(ClientAddress.group("203.0.113.7:443"));
		assertThat(ClientAddress.group("[2001:db8:1:2::1]:51234")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ClientAddress.parsed("203.0.113.7:51234")).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.parsed("[2001:db8::1]:443")).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(ClientAddress.parsed("[2001:db8::1]")).isEqualTo("2001:db8:0:0:0:0:0:1");
		// a bare IPv6 address keeps its last group
		assertThat(ClientAddress.parsed("2001:db8::1:443")).isEqualTo("2001:db8:0:0:0:0:1:443");
		assertThat(ClientAddress.parsed("[2001:db8::1]x")).isNull();
		assertThat(ClientAddress.parsed("localhost:80")).isNull();
	}

	@Test
	void parsedWhenALiteralThenItsCanonicalFormElseNone() {
		assertThat(ClientAddress.parsed(" 203.0.113.7 ")).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.parsed("2001:DB8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(ClientAddress.parsed("x".repeat(100))).isNull();
		assertThat(ClientAddress.parsed("203.0.113.7, 10.0.0.1")).isNull();
		assertThat(ClientAddress.parsed(null)).isNull();
	}

}
