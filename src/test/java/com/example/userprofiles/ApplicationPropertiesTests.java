package com.example.userprofiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Spring Boot and library setting in the server's properties files is one that is
 * still read, as the configuration metadata on the classpath describes them. Spring Boot
 * 4 moved many ({@code server.error.*} became {@code spring.web.error.*}), and a setting
 * under its old name is silently ignored. The server's own {@code app.*} settings are
 * bound to its records and checked where they are used.
 */
class ApplicationPropertiesTests {

	private static final Map<String, JsonNode> METADATA = metadata();

	@ParameterizedTest
	@ValueSource(strings = { "application.properties", "application-prod.properties", "application-test.properties" })
	void everySettingIsOneThatIsStillRead(String file) throws IOException {
		Properties settings = PropertiesLoaderUtils.loadProperties(new ClassPathResource(file));
		assertThat(settings.stringPropertyNames()).isNotEmpty().allSatisfy(name -> {
			if (name.startsWith("app.") || isEntryOfAMap(name)) {
				return;
			}
			assertThat(METADATA).as("%s in %s", name, file).containsKey(name);
			assertThat(METADATA.get(name).path("deprecation").isMissingNode())
				.as("%s in %s is deprecated: %s", name, file, METADATA.get(name).path("deprecation"))
				.isTrue();
		});
	}

	/** {@code logging.level.com.example}: a key of a setting that is a map. */
	private static boolean isEntryOfAMap(String name) {
		for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
			JsonNode setting = METADATA.get(name.substring(0, dot));
			if (setting != null) {
				String type = setting.path("type").asString("");
				return type.startsWith("java.util.Map<") || type.equals("java.util.Properties");
			}
		}
		return false;
	}

	private static Map<String, JsonNode> metadata() {
		Map<String, JsonNode> settings = new HashMap<>();
		try {
			for (URL file : Collections.list(ApplicationPropertiesTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = file.openStream()) {
					JsonMapper.shared()
						.readTree(in)
						.path("properties")
						.forEach(setting -> settings.putIfAbsent(setting.path("name").asString(), setting));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(settings).as("configuration metadata on the classpath").containsKey("server.port");
		return settings;
	}

}
