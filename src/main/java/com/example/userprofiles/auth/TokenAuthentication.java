package com.example.userprofiles.auth;

import java.util.List;

import com.example.userprofiles.shared.security.CurrentUser;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserService;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validly signed, unexpired token into the request's user, checked against the
 * database: the user must still exist and the token must carry the user's current token
 * version (a password change bumps it). The user's rights come from the database too,
 * never from the token, so a demoted administrator loses them at once.
 */
class TokenAuthentication implements Converter<Jwt, AbstractAuthenticationToken> {

	private final UserService users;

	TokenAuthentication(UserService users) {
		this.users = users;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		User user = userId(jwt) > 0 ? this.users.findById(userId(jwt)).orElse(null) : null;
		if (user == null) {
			throw new InvalidBearerTokenException("The token's user does not exist");
		}
		Number version = jwt.getClaim(TokenService.VERSION_CLAIM);
		if (version == null || version.intValue() != user.tokenVersion()) {
			throw new InvalidBearerTokenException("The token was issued before the last password change");
		}
		String authority = (user.role() == User.Role.ADMIN) ? CurrentUser.ADMIN : "ROLE_USER";
		return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(authority)), jwt.getSubject());
	}

	private static long userId(Jwt jwt) {
		try {
			return Long.parseLong(jwt.getSubject());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
