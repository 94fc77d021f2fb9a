// A frontend's operations, written as GraphQL Code Generator's client preset expects them.
// trusted-documents.mjs generates their manifest (persisted-documents.json), which the
// server's tests load as app.graphql.trusted-documents.
import { graphql } from './gql';

export const Me = graphql(`
  query Me {
    me {
      username
    }
  }
`);

export const Usernames = graphql(`
  query Usernames($first: Int) {
    users(first: $first) {
      nodes {
        username
      }
    }
  }
`);

export const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        username
      }
    }
  }
`);

// An introspection query: listed, it still runs only where introspection is on (not under prod).
export const TypeNames = graphql(`
  query TypeNames {
    __schema {
      types {
        name
      }
    }
  }
`);
