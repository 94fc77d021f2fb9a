package com.example.userprofiles.auth;

import java.time.Instant;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** Issues the bearer tokens that {@code signUp} and {@code logIn} return. */
@Service
public class TokenService {

	private final JwtEncoder encoder;

	private final AuthProperties.Jwt settings;

	TokenService(JwtEncoder encoder, AuthProperties properties) {
		this.encoder = encoder;
		this.settings = properties.jwt();
	}

	public String issue(long userId, int tokenVersion) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.settings.issuer())
			.subject(String.valueOf(userId))
			.issuedAt(now)
			.expiresAt(now.plus(this.settings.expiry()))
			.claim(CurrentUser.TOKEN_VERSION_CLAIM, tokenVersion)
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
