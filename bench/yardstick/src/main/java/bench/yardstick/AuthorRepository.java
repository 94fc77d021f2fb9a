package bench.yardstick;

import org.springframework.data.repository.ListCrudRepository;

interface AuthorRepository extends ListCrudRepository<Author, Long> {

}
