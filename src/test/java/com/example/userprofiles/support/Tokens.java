package com.example.userprofiles.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Bearer tokens the tests mint themselves: expired, forged, or expiring on cue. */
public final class Tokens {

	/**
	 * The key the tests' server signs with (the tests' {@code application.properties}).
	 */
	public static final byte[] SERVER_KEY = "test-only-secret-0123456789abcdef0123456789abcdef"
		.getBytes(StandardCharsets.UTF_8);

	private Tokens() {
	}

	/** The claims the server puts in a token of {@code subject} at token version 0. */
	public static JWTClaimsSet claims(String subject, Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer("userprofiles")
			.subject(subject)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.claim("ver", 0)
			.build();
	}

	/** {@code claims} signed with HS256 and {@code key}. */
	public static String mint(byte[] key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
