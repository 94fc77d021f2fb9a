package com.example.userprofiles.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.shared.error.ConflictException;
import com.example.userprofiles.shared.error.Constraints;
import com.example.userprofiles.shared.graphql.Connection;
import com.example.userprofiles.shared.graphql.Page;
import com.example.userprofiles.shared.security.CurrentUser;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading users, and the changes a user makes to their own account. */
@Service
public class UserService {

	private final UserRepository users;

	private final CurrentUser currentUser;

	UserService(UserRepository users, CurrentUser currentUser) {
		this.users = users;
		this.currentUser = currentUser;
	}

	public Optional<User> findById(long id) {
		return this.users.findById(id);
	}

	public Optional<User> findByUsername(String username) {
		return this.users.findByUsernameIgnoringCase(username);
	}

	public List<User> findAllById(Collection<Long> ids) {
		return this.users.findAllById(ids);
	}

	public Optional<User> me() {
		return this.currentUser.id().flatMap(this.users::findById);
	}

	public Connection<User> page(Page page, @Nullable UserFilter filter, @Nullable UserOrder orderBy) {
		UserOrder order = (orderBy != null) ? orderBy : UserOrder.DEFAULT;
		List<?> after = (page.after() != null) ? order.keysetValues(page.after(), "after") : null;
		List<?> before = (page.before() != null) ? order.keysetValues(page.before(), "before") : null;
		List<User> fetched = this.users.findPage(filter, order, page, after, before);
		return Connection.of(fetched, page, order::cursorOf, () -> this.users.count(filter));
	}

	/**
	 * The signed-in user, who must be {@code id}; {@code UNAUTHENTICATED} when that user
	 * no longer exists (a token outlives its account).
	 */
	public User requireSelf(long id, String field) {
		this.currentUser.requireSelf(id, field);
		return this.users.findById(id).orElseThrow(CurrentUser::notSignedIn);
	}

	@Transactional
	public User update(long id, @Nullable String username, @Nullable String email) {
		User user = requireSelf(id, "id");
		if (username != null) {
			user = user.withUsername(UserRules.username(username));
		}
		if (email != null) {
			user = user.withEmail(UserRules.email(email));
		}
		return (username != null || email != null) ? save(user) : user;
	}

	@Transactional
	public DeleteUserPayload delete(long id) {
		this.currentUser.requireSelf(id, "id");
		if (!this.users.deleteUserById(id)) {
			throw CurrentUser.notSignedIn();
		}
		return new DeleteUserPayload(id);
	}

	/**
	 * Inserts or updates a user; a username or email taken by another user, in any case,
	 * is a {@code CONFLICT} naming the field. The unique indexes decide, so racing
	 * requests cannot both win.
	 */
	public User save(User user) {
		try {
			return this.users.save(user);
		}
		catch (DataIntegrityViolationException ex) {
			String constraint = Constraints.violated(ex).orElse("");
			if (constraint.equals("site_user_username_key")) {
				throw new ConflictException("That username is taken", "username");
			}
			if (constraint.equals("site_user_email_key")) {
				throw new ConflictException("That email address is already in use", "email");
			}
			throw ex;
		}
	}

}
