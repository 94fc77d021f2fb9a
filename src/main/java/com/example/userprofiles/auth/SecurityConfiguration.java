package com.example.userprofiles.auth;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HS256 bearer tokens through Spring Security's resource server, and password hashing.
 * Every endpoint is open; what a caller may do is decided per GraphQL field.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder) throws Exception {
		// Only signature, issuer and expiry here; the account is CurrentUser's to check
		AuthenticationManager bearerTokens = tolerantOf(new JwtAuthenticationProvider(jwtDecoder)::authenticate);
		return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			// Tokens travel in a header, never a cookie: nothing to forge
			.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> bearerTokens))
			.build();
	}

	/** Requests are observed as a whole, not once per security filter. */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** A bad token makes the request anonymous rather than HTTP 401. */
	private static AuthenticationManager tolerantOf(AuthenticationManager manager) {
		return authentication -> {
			try {
				return manager.authenticate(authentication);
			}
			catch (AuthenticationException ex) {
				logger.debug("Bearer token refused: {}", ex.getMessage());
				return new AnonymousAuthenticationToken("invalid-bearer-token", "anonymousUser",
						AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
			}
		};
	}

	@Bean
	SecretKey jwtSigningKey(AuthProperties properties) throws NoSuchAlgorithmException {
		String secret = properties.jwt().secret();
		if (secret == null || secret.isBlank()) {
			logger.warn("app.jwt.secret (APP_JWT_SECRET) is not set: tokens are signed with a random key made now, "
					+ "so they stop working when the server restarts and are not accepted by other instances");
			return KeyGenerator.getInstance("HmacSHA256").generateKey();
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < 32) {
			throw new IllegalStateException("app.jwt.secret must be at least 32 bytes (256 bits) for HS256; "
					+ "generate one with: openssl rand -base64 48");
		}
		return new SecretKeySpec(key, "HmacSHA256");
	}

	@Bean
	JwtDecoder jwtDecoder(SecretKey jwtSigningKey, AuthProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(jwtSigningKey)
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.jwt().issuer()));
		return decoder;
	}

	@Bean
	JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
		return NimbusJwtEncoder.withSecretKey(jwtSigningKey).algorithm(MacAlgorithm.HS256).build();
	}

	/**
	 * New hashes are Argon2id; bcrypt hashes, with or without their prefix, still verify.
	 */
	@Bean
	PasswordEncoder passwordEncoder(AuthProperties properties) {
		AuthProperties.Password cost = properties.password();
		Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, cost.argon2MemoryKib(),
				cost.argon2Iterations());
		BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("argon2",
				Map.of("argon2", argon2, "bcrypt", bcrypt));
		encoder.setDefaultPasswordEncoderForMatches(bcrypt);
		return new BoundedPasswordEncoder(encoder, cost.hashesAtOnce(), cost.hashWait());
	}

}
