package com.example.userprofiles.user;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.auth.TokenService;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The decoy hash that unknown usernames are checked against is made beside the start; a
 * log-in still checks against a real one when that failed.
 */
class DecoyHashTests {

	private final PasswordEncoder passwords = mock(PasswordEncoder.class);

	@Test
	void anUnknownUsernameIsCheckedAgainstTheHashMadeAtStart() {
		when(this.passwords.encode(anyString())).thenReturn("{argon2}decoy");
		UserService users = service();
		verify(this.passwords, timeout(5000)).encode(anyString());

		assertWrongCredentials(users, "not a username!");
		assertWrongCredentials(users, "not a username either!");

		verify(this.passwords, times(2)).matches("wrong-password", "{argon2}decoy");
		verify(this.passwords, times(1)).encode(anyString());
	}

	@Test
	void aFailedHashAtStartIsMadeAgainAtTheFirstLogIn() {
		when(this.passwords.encode(anyString())).thenThrow(new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "busy"))
			.thenReturn("{argon2}again");
		UserService users = service();

		assertWrongCredentials(users, "not a username!");
		assertWrongCredentials(users, "not a username either!");

		verify(this.passwords, times(2)).matches("wrong-password", "{argon2}again");
		verify(this.passwords, times(2)).encode(anyString());
	}

	private UserService service() {
		return new UserService(mock(UserRepository.class), mock(JdbcAggregateOperations.class), mock(CurrentUser.class),
				this.passwords, mock(TokenService.class), mock(LoginThrottle.class), mock(TransactionTemplate.class));
	}

	private static void assertWrongCredentials(UserService users, String username) {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> users.logIn(new LogInInput(username, "wrong-password")))
			.satisfies(ex -> assertThat(ex.getMessage()).isEqualTo("Wrong username or password"));
	}

}
