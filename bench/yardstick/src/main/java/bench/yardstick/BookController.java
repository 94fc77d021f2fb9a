package bench.yardstick;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class BookController {

	private final BookRepository books;

	private final AuthorRepository authors;

	BookController(BookRepository books, AuthorRepository authors) {
		this.books = books;
		this.authors = authors;
	}

	@QueryMapping
	List<Book> books() {
		return this.books.findAll();
	}

	@BatchMapping
	Map<Book, Author> author(List<Book> books) {
		Map<Long, Author> byId = this.authors.findAllById(books.stream().map(Book::authorId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(Author::id, Function.identity()));
		return books.stream().collect(Collectors.toMap(Function.identity(), (book) -> byId.get(book.authorId())));
	}

}
