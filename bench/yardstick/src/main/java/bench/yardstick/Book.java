package bench.yardstick;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("yardstick_book")
record Book(@Id Long id, String title, Long authorId) {
}
