package com.example.userprofiles.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Adds PostgreSQL settings to the {@code options} startup parameter of a pool's
 * connections. The driver takes {@code options} from the JDBC URL over the data source's
 * own property, so an operator's {@code ?options=...} in {@code SPRING_DATASOURCE_URL}
 * silently dropped the statement timeout and the read-only pool's session defaults. The
 * URL's options are therefore moved into the property, and both apply: the URL's first,
 * then the property's, then the ones added here, the last of a setting winning.
 */
final class ConnectionOptions {

	private static final String NAME = "options";

	private ConnectionOptions() {
	}

	static void add(HikariDataSource pool, String options) {
		List<String> all = new ArrayList<>();
		String url = pool.getJdbcUrl();
		int query = (url != null) ? url.indexOf('?') : -1;
		if (query >= 0) {
			List<String> kept = new ArrayList<>();
			for (String parameter : url.substring(query + 1).split("&")) {
				if (parameter.startsWith(NAME + "=")) {
					all.add(URLDecoder.decode(parameter.substring(NAME.length() + 1), StandardCharsets.UTF_8));
				}
				else if (!parameter.isEmpty()) {
					kept.add(parameter);
				}
			}
			pool.setJdbcUrl(url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
		}
		all.add(pool.getDataSourceProperties().getProperty(NAME, ""));
		all.add(options);
		pool.addDataSourceProperty(NAME,
				String.join(" ", all.stream().map(String::strip).filter(o -> !o.isEmpty()).toList()));
	}

}
