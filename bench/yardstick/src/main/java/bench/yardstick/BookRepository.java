package bench.yardstick;

import org.springframework.data.repository.ListCrudRepository;

interface BookRepository extends ListCrudRepository<Book, Long> {

}
