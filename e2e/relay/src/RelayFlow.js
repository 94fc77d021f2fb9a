// The documents of ../../relay-flow.mjs. relay-compiler reads the graphql tags in this file and
// writes one module per document to __generated__/ beside it; nothing runs this file.
/* global graphql */

graphql`
  query RelayFlowUserQuery($id: ID!) {
    user(id: $id) {
      id
      databaseId
      username
      createdAt
      profile {
        id
        databaseId
        description
        createdAt
        user { id }
      }
    }
  }
`;

graphql`
  fragment RelayFlow_user on User @refetchable(queryName: "RelayFlowUserRefetchQuery") {
    id
    username
    profile {
      id
      description
    }
  }
`;

graphql`
  query RelayFlowUserFragmentQuery($id: ID!) {
    user(id: $id) {
      ...RelayFlow_user
    }
  }
`;

graphql`
  fragment RelayFlow_users on Query
  @refetchable(queryName: "RelayFlowUsersPaginationQuery")
  @argumentDefinitions(
    count: { type: "Int", defaultValue: 2 }
    cursor: { type: "String" }
    filter: { type: "UserFilter" }
  ) {
    users(first: $count, after: $cursor, filter: $filter, orderBy: { field: USERNAME })
    @connection(key: "RelayFlow_users", filters: ["filter", "orderBy"]) {
      totalCount
      edges {
        cursor
        node {
          id
          username
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

graphql`
  query RelayFlowUsersQuery($filter: UserFilter) {
    ...RelayFlow_users @arguments(filter: $filter)
  }
`;

graphql`
  mutation RelayFlowDeleteUserMutation($id: ID!) {
    deleteUser(id: $id) {
      deletedUserId @deleteRecord
      deletedProfileId @deleteRecord
    }
  }
`;

graphql`
  mutation RelayFlowDeleteProfileMutation($userId: ID!) {
    deleteProfile(userId: $userId) {
      deletedProfileId @deleteRecord
    }
  }
`;
