package bench.yardstick;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The yardstick of bench/start.sh: a plain Spring for GraphQL app on the server's starters
 * with Boot's defaults. One controller, one batch mapping, one changelog; nothing else.
 */
@SpringBootApplication
public class YardstickApplication {

	public static void main(String[] args) {
		SpringApplication.run(YardstickApplication.class, args);
	}

}
