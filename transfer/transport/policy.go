package transport

import "net"

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), which
// net.IP.IsPrivate does not count.
var cgnat = &net.IPNet{IP: net.IPv4(100, 64, 0, 0).To4(), Mask: net.CIDRMask(10, 32)}

// PassiveTarget decides where a PASV data connection goes. peer is the
// control connection's remote address; sent is the address in the reply.
//
// By default (useSent false) it is always the peer: a server behind NAT often
// sends its private address, and a hostile one could aim us at a third host.
// With useSent, the sent address is followed unless it cannot be right from
// here, and the reason says why it was replaced.
func PassiveTarget(peer, sent net.IP, useSent bool) (target net.IP, reason string) {
	if sent.Equal(peer) {
		return peer, ""
	}
	if !useSent {
		return peer, "the reply names " + sent.String() + "; using the server's own address " + peer.String()
	}
	switch {
	case sent.IsUnspecified():
		return peer, "the reply names the unspecified address " + sent.String()
	case sent.IsMulticast() || sent.Equal(net.IPv4bcast):
		return peer, "the reply names the broadcast or multicast address " + sent.String()
	case sent.IsLoopback() && !peer.IsLoopback():
		return peer, "the reply names a loopback address " + sent.String() + " of a remote server"
	case sent.IsLinkLocalUnicast() && !peer.IsLinkLocalUnicast():
		return peer, "the reply names a link-local address " + sent.String()
	case private(sent) && !private(peer):
		return peer, "the reply names the private address " + sent.String() + " of a server reached over a public one (it is behind NAT)"
	case private(sent) && private(peer) && !sameNetwork(sent, peer):
		return peer, "the reply names " + sent.String() + ", on another private network than the server's " + peer.String()
	}
	return sent, ""
}

func private(ip net.IP) bool { return ip.IsPrivate() || cgnat.Contains(ip) }

// sameNetwork compares the /16 of two IPv4 addresses (or /48 of IPv6):
// a data address on the server's own LAN is plausible, one elsewhere is not.
func sameNetwork(a, b net.IP) bool {
	if a4, b4 := a.To4(), b.To4(); a4 != nil && b4 != nil {
		return a4.Mask(net.CIDRMask(16, 32)).Equal(b4.Mask(net.CIDRMask(16, 32)))
	}
	return a.Mask(net.CIDRMask(48, 128)).Equal(b.Mask(net.CIDRMask(48, 128)))
}
