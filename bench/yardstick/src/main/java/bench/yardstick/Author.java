package bench.yardstick;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("yardstick_author")
record Author(@Id Long id, String name) {
}
